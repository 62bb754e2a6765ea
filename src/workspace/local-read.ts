/**
 * Reading text files from disk for LocalWorkspace: binary files refused, whole reads capped, large
 * files paged by line without loading them whole.
 */
import { open, stat } from "node:fs/promises";
import { FileNotFoundError } from "../errors.ts";
import { BinaryFileError, FileTooLargeError, NotAFileError } from "./local-errors.ts";

/** Bytes inspected for NUL bytes, like git and ripgrep do. */
export const BINARY_SNIFF_BYTES = 8192;
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024;

export type LineRange = { line?: number; limit?: number };

/**
 * Reads `absPath` as UTF-8. `shownPath` names the file in errors (relative for the model).
 * `line` is 1-based; `limit` counts lines.
 */
export async function readTextFromDisk(absPath: string, shownPath: string, range: LineRange | undefined, maxBytes: number): Promise<string> {
  const stats = await statOrThrow(absPath, shownPath);
  if (stats.isDirectory()) throw new NotAFileError(shownPath, "a folder");
  if (!stats.isFile()) throw new NotAFileError(shownPath, "a special file (device, socket or pipe)");
  if (await looksBinary(absPath)) throw new BinaryFileError(shownPath);

  const start = Math.max(1, range?.line ?? 1);
  const limit = range?.limit;
  const ranged = range?.line !== undefined || limit !== undefined;
  if (stats.size <= maxBytes) {
    const text = await Bun.file(absPath).text();
    if (!ranged) return text;
    const lines = text.split("\n");
    return lines.slice(start - 1, limit === undefined ? undefined : start - 1 + limit).join("\n");
  }
  if (!ranged) throw new FileTooLargeError(shownPath, stats.size, maxBytes);
  return readLinesStreaming(absPath, shownPath, start, limit, maxBytes, stats.size);
}

async function statOrThrow(absPath: string, shownPath: string) {
  try {
    return await stat(absPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new FileNotFoundError(shownPath);
    throw error;
  }
}

/** True when the first 8 KB hold a NUL byte (UTF-16 and real binaries both do). */
export async function looksBinary(absPath: string): Promise<boolean> {
  const handle = await open(absPath, "r");
  try {
    const buffer = new Uint8Array(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/** True when text (already decoded) holds a NUL within its first 8 K characters. */
export function textLooksBinary(text: string): boolean {
  return text.slice(0, BINARY_SNIFF_BYTES).includes("\0");
}

async function readLinesStreaming(
  absPath: string,
  shownPath: string,
  start: number,
  limit: number | undefined,
  maxBytes: number,
  size: number,
): Promise<string> {
  const picked: string[] = [];
  let pickedChars = 0;
  let lineNo = 1;
  let pending = "";
  const end = limit === undefined ? Number.POSITIVE_INFINITY : start + limit; // exclusive
  const take = (line: string): boolean => {
    if (lineNo >= start && lineNo < end) {
      picked.push(line);
      pickedChars += line.length + 1;
      if (pickedChars > maxBytes) throw new FileTooLargeError(`${shownPath} (from line ${start})`, size, maxBytes);
    }
    lineNo++;
    return lineNo >= end;
  };
  const decoder = new TextDecoder();
  for await (const chunk of Bun.file(absPath).stream()) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      if (take(pending.slice(0, newline))) return picked.join("\n");
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
    // A single line longer than the cap cannot be paged by lines.
    if (pending.length > maxBytes) throw new FileTooLargeError(`${shownPath} (line ${lineNo})`, size, maxBytes);
  }
  pending += decoder.decode();
  take(pending);
  return picked.join("\n");
}
