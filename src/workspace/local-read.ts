/**
 * Reading text files from disk for LocalWorkspace: binary files refused, whole reads capped, large
 * files paged by line without loading them whole. Everything is read through one handle whose
 * file was checked to be inside the workspace (confined-fs.ts), never by name again.
 */
import { closeSync, fstatSync, readFileSync, readSync, type Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { FileNotFoundError } from "../errors.ts";
import { openFileInside, openFileInsideSync } from "./confined-fs.ts";
import { BinaryFileError, FileTooLargeError, NotAFileError } from "./local-errors.ts";

/** Bytes inspected for NUL bytes, like git and ripgrep do. */
export const BINARY_SNIFF_BYTES = 8192;
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024;
const STREAM_CHUNK_BYTES = 64 * 1024;

export type LineRange = { line?: number; limit?: number };

/**
 * Reads `absPath` (real, inside `roots`) as UTF-8. `shownPath` names the file in errors (relative
 * for the model). `line` is 1-based; `limit` counts lines.
 *
 * A file of at most `maxBytes` on Linux is read with plain syscalls (open, the /proc/self/fd
 * check, fstat, read, close: microseconds on a local disk) rather than one thread-pool round trip
 * per step; the checks and the answer are the same either way (test/workspace/local-read-paths.test.ts).
 */
export async function readTextFromDisk(
  absPath: string,
  shownPath: string,
  range: LineRange | undefined,
  maxBytes: number,
  roots: readonly string[],
): Promise<string> {
  const quick = readSmallFileSync(absPath, shownPath, range, maxBytes, roots);
  return quick ?? readTextFromDiskAsync(absPath, shownPath, range, maxBytes, roots);
}

/** The same read through the event loop only (every platform; large files paged by line). */
export async function readTextFromDiskAsync(
  absPath: string,
  shownPath: string,
  range: LineRange | undefined,
  maxBytes: number,
  roots: readonly string[],
): Promise<string> {
  const handle = await openOrThrow(absPath, shownPath, roots);
  try {
    const stats = await handle.stat();
    checkIsFile(stats, shownPath);
    const start = Math.max(1, range?.line ?? 1);
    const limit = range?.limit;
    const ranged = range?.line !== undefined || limit !== undefined;
    // One read: the binary sniff looks at the start of what was read anyway.
    if (stats.size <= maxBytes) return textOf(await readAll(handle, maxBytes, shownPath, stats.size), shownPath, range);
    if (await looksBinary(handle)) throw new BinaryFileError(shownPath);
    if (!ranged) throw new FileTooLargeError(shownPath, stats.size, maxBytes);
    return await readLinesStreaming(handle, shownPath, start, limit, maxBytes, stats.size);
  } finally {
    await handle.close();
  }
}

/** The whole read with syscalls, or null when the async path must do it (not Linux, or a file over the cap). */
function readSmallFileSync(absPath: string, shownPath: string, range: LineRange | undefined, maxBytes: number, roots: readonly string[]): string | null {
  let fd: number | null;
  try {
    fd = openFileInsideSync(absPath, roots, shownPath);
  } catch (error) {
    throw notFoundAs(error, shownPath);
  }
  if (fd === null) return null;
  try {
    const stats = fstatSync(fd);
    checkIsFile(stats, shownPath);
    if (stats.size > maxBytes) return null;
    // One call reads and decodes the file. The byte checks hold for the text when it has no NUL
    // (only a 0 byte decodes to one) and is short enough that its bytes cannot pass the cap (at
    // most 3 per UTF-16 unit); otherwise the bytes are read again and checked as they are.
    const text = readFileSync(fd, "utf8");
    if (!text.includes("\0") && 3 * text.length <= maxBytes) return sliceRange(text, range);
    return textOf(readAllSync(fd, maxBytes, shownPath, stats.size), shownPath, range);
  } finally {
    closeSync(fd);
  }
}

function checkIsFile(stats: Stats, shownPath: string): void {
  if (stats.isDirectory()) throw new NotAFileError(shownPath, "a folder");
  if (!stats.isFile()) throw new NotAFileError(shownPath, "a special file (device, socket or pipe)");
}

/** A whole file's bytes as text: refused when its first 8 KB hold a NUL, sliced to the range. */
function textOf(bytes: Buffer, shownPath: string, range: LineRange | undefined): string {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new BinaryFileError(shownPath);
  return sliceRange(bytes.toString("utf8"), range);
}

function sliceRange(text: string, range: LineRange | undefined): string {
  const ranged = range?.line !== undefined || range?.limit !== undefined;
  return ranged ? sliceLines(text, Math.max(1, range?.line ?? 1), range?.limit) : text;
}

function notFoundAs(error: unknown, shownPath: string): unknown {
  return (error as NodeJS.ErrnoException).code === "ENOENT" ? new FileNotFoundError(shownPath) : error;
}

async function openOrThrow(absPath: string, shownPath: string, roots: readonly string[]): Promise<FileHandle> {
  try {
    return await openFileInside(absPath, roots, shownPath);
  } catch (error) {
    throw notFoundAs(error, shownPath);
  }
}

/**
 * Lines `start` (1-based) to `start + limit - 1` of `text`, exactly as
 * `text.split("\n").slice(start - 1, start - 1 + limit).join("\n")` gives them (a test holds it
 * to that), without making an array of every line.
 */
export function sliceLines(text: string, start: number, limit: number | undefined): string {
  if (!Number.isInteger(start) || start < 1 || (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))) {
    return text.split("\n").slice(start - 1, limit === undefined ? undefined : start - 1 + limit).join("\n");
  }
  let from = 0;
  for (let line = 1; line < start; line++) {
    const newline = text.indexOf("\n", from);
    if (newline === -1) return "";
    from = newline + 1;
  }
  if (limit === undefined) return from === 0 ? text : text.slice(from);
  let to = from;
  for (let count = 0; count < limit; count++) {
    const newline = text.indexOf("\n", to);
    if (newline === -1) return from === 0 ? text : text.slice(from);
    to = newline + 1;
  }
  return text.slice(from, to - 1);
}

/** The whole file from offset 0; a file that grew past the cap meanwhile is refused, not cut. */
async function readAll(handle: FileHandle, maxBytes: number, shownPath: string, size: number): Promise<Buffer> {
  const whole = wholeRead(maxBytes, shownPath, size);
  while (whole.wants()) if (!whole.got((await handle.read(whole.buffer, whole.length, whole.buffer.length - whole.length, whole.length)).bytesRead)) break;
  return whole.bytes();
}

/** readAll with syscalls. */
function readAllSync(fd: number, maxBytes: number, shownPath: string, size: number): Buffer {
  const whole = wholeRead(maxBytes, shownPath, size);
  while (whole.wants()) if (!whole.got(readSync(fd, whole.buffer, whole.length, whole.buffer.length - whole.length, whole.length))) break;
  return whole.bytes();
}

/** The bookkeeping of a whole read: a buffer one byte larger than the file, filled until EOF. */
function wholeRead(maxBytes: number, shownPath: string, size: number) {
  const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(size + 1, 1)));
  let length = 0;
  return {
    buffer,
    get length() {
      return length;
    },
    /** False once the buffer is full (a file past the cap is refused). */
    wants(): boolean {
      if (length < buffer.length) return true;
      if (length > maxBytes) throw new FileTooLargeError(shownPath, length, maxBytes);
      return false;
    },
    /** Counts a read; false at EOF. */
    got(bytesRead: number): boolean {
      length += bytesRead;
      return bytesRead > 0;
    },
    bytes: () => buffer.subarray(0, length),
  };
}

/** True when the first 8 KB hold a NUL byte (UTF-16 and real binaries both do). */
async function looksBinary(handle: FileHandle): Promise<boolean> {
  const buffer = new Uint8Array(BINARY_SNIFF_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
  return buffer.subarray(0, bytesRead).includes(0);
}

/** True when text (already decoded) holds a NUL within its first 8 K characters. */
export function textLooksBinary(text: string): boolean {
  return text.slice(0, BINARY_SNIFF_BYTES).includes("\0");
}

async function readLinesStreaming(
  handle: FileHandle,
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
  const chunk = new Uint8Array(STREAM_CHUNK_BYTES);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    pending += decoder.decode(chunk.subarray(0, bytesRead), { stream: true });
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
