/** Typed errors for reading files from disk; the model reads their messages. */
import { formatBytes } from "../format.ts";
import { PunieError } from "../errors.ts";

/** A file that is not text (NUL bytes near its start). */
export class BinaryFileError extends PunieError {
  readonly path: string;
  constructor(path: string) {
    super(
      "binary_file",
      `${path} looks like a binary file (it contains NUL bytes), so it cannot be read as text. Inspect it with a command (e.g. "file" or "xxd | head") if you need to.`,
    );
    this.path = path;
  }
}

/** A file too large to read whole: the model should ask for a range of lines. */
export class FileTooLargeError extends PunieError {
  readonly path: string;
  readonly size: number;
  constructor(path: string, size: number, limit: number) {
    super(
      "file_too_large",
      `${path} is ${formatBytes(size)}, more than the ${formatBytes(limit)} that can be read at once. Read it in pages: give a start line and a line limit.`,
    );
    this.path = path;
    this.size = size;
  }
}

/** A path that names a folder (or something else) where a file was expected. */
export class NotAFileError extends PunieError {
  readonly path: string;
  constructor(path: string, what: string) {
    super("not_a_file", `${path} is ${what}, not a file. List folders with list_files.`);
    this.path = path;
  }
}

