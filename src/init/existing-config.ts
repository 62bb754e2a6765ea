/**
 * Reading the acp.json `punie init` merges into. Only a missing file counts as empty: a file that
 * cannot be read (no permission, a folder, not UTF-8) is never overwritten, since what it holds
 * (other agents) would be lost.
 */
import { readFile } from "node:fs/promises";
import { errorMessage } from "../errors.ts";
import { isRecord } from "./acp-config.ts";

export type ExistingConfig =
  | { kind: "missing" }
  | { kind: "ok"; config: Record<string, unknown> }
  /** Readable text that is not a JSON object (or not UTF-8): replaceable with --force, after a copy. */
  | { kind: "invalid"; problem: string }
  /** Not readable at all: never replaced. */
  | { kind: "unreadable"; problem: string };

export async function readExistingConfig(path: string): Promise<ExistingConfig> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    if (code === "EISDIR") return { kind: "unreadable", problem: "it is a folder, not a file" };
    if (code === "EACCES" || code === "EPERM") return { kind: "unreadable", problem: "it cannot be read (permission denied)" };
    return { kind: "unreadable", problem: `it cannot be read (${errorMessage(error)})` };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { kind: "invalid", problem: "it is not UTF-8 text" };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? { kind: "ok", config: parsed } : { kind: "invalid", problem: "it is not a JSON object" };
  } catch (error) {
    return { kind: "invalid", problem: `it is not valid JSON (${errorMessage(error)})` };
  }
}
