/**
 * File-system failures as one line a person can act on: the path and what is wrong with it
 * ("not found", "is a directory", "permission denied"), never a raw `EISDIR: illegal operation`.
 */
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { PunieError } from "./errors.ts";

/** A path that cannot be used as asked; the message names it. */
export class FsError extends PunieError {
  readonly path: string;
  constructor(path: string, problem: string) {
    super("fs", `${path}: ${problem}`);
    this.path = path;
  }
}

const PROBLEMS: Record<string, string> = {
  ENOENT: "not found",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EEXIST: "already exists",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/**
 * The one line for a Node/Bun file-system error, or null when `error` is not one (or names no
 * path). A missing file whose folder is missing too says so: that is what needs creating.
 */
export function fsErrorLine(error: unknown, exists: (path: string) => boolean = existsSync): string | null {
  if (!(error instanceof Error)) return null;
  const { code } = error as NodeJS.ErrnoException;
  // A rename (the last step of every atomic write) fails because of where it goes, not the temp file.
  const dest = (error as NodeJS.ErrnoException & { dest?: unknown }).dest;
  const path = typeof dest === "string" && dest !== "" ? dest : (error as NodeJS.ErrnoException).path;
  if (typeof code !== "string" || typeof path !== "string" || path === "") return null;
  const problem = PROBLEMS[code];
  if (!problem) return null;
  const folder = dirname(path);
  if (code === "ENOENT" && folder !== path && !exists(folder)) return `${path}: folder ${folder} not found`;
  return `${path}: ${problem}`;
}

/** The path is an existing regular file (what a command about to read it needs), else FsError. */
export function assertFile(path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new FsError(path, PROBLEMS[(error as NodeJS.ErrnoException).code ?? ""] ?? "cannot be read");
  }
  if (isDirectory) throw new FsError(path, "is a directory");
}
