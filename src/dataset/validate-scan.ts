/**
 * The per-line work of `validate` over one byte range of a file, usable on the main thread (whole
 * file, problems streamed) or in a worker (one range, problems kept up to a limit). Line numbers
 * are relative to the range; the caller adds the lines of the ranges before it.
 */
import { checkRow, quickCheck, rowSound } from "./check.ts";
import { type DatasetFormat, detectFormat, formatFamily } from "./format-detect.ts";
import { withoutTopTier } from "./jit.ts";
import { type ByteRange, type LineBatch, readLineBatches } from "./lines.ts";
import { parseLine, UNKNOWN_FORMAT } from "./rows.ts";

export type LineProblem = { line: number; reason: string };

export type ValidateScan = {
  lines: number;
  valid: number;
  invalid: number;
  /** Problems kept for the caller (all of them when streaming to `onProblem` is not used). */
  problems: LineProblem[];
  /** Problems beyond `keep`: counted, not kept. */
  problemsNotKept: number;
};

export type ValidateScanOptions = {
  range?: ByteRange;
  /** The file's format (its first line with one); undefined when no line has one. */
  fileFormat: DatasetFormat | undefined;
  onProblem?(problem: LineProblem): void;
  onProgress?(bytesRead: number): void;
  /** How many problems to keep when there is no `onProblem`. */
  keep?: number;
};

/** The format mlx_lm would use for this file: that of its first row with a known format. */
export async function fileFormatOf(path: string): Promise<DatasetFormat | undefined> {
  for await (const batch of readLineBatches(path)) {
    for (const text of batch.lines) {
      const parsed = parseLine(text);
      const format = parsed.ok ? detectFormat(parsed.row) : undefined;
      if (format) return format;
    }
  }
  return undefined;
}

// Shared by every sound row: frozen, so a caller that pushes to it fails loudly instead of leaking.
const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/** Problems found without zod, or the row zod must judge. */
function lineProblems(text: string, fileFormat: DatasetFormat | undefined): readonly string[] | { row: Record<string, unknown>; format: DatasetFormat } {
  const parsed = parseLine(text);
  if (!parsed.ok) return [parsed.reason];
  const rowFormat = detectFormat(parsed.row);
  if (!rowFormat || !fileFormat) return [UNKNOWN_FORMAT];
  // mlx_lm reads chat and tools rows with one loader (`tools` is optional per row).
  if (formatFamily(rowFormat) !== formatFamily(fileFormat))
    return [`${rowFormat} format, but this file is ${fileFormat} (set by its first line)`];
  if (rowSound(parsed.row, rowFormat)) return NO_PROBLEMS;
  return quickCheck(parsed.row, rowFormat) ?? { row: parsed.row, format: rowFormat };
}

/**
 * Checks lines of a batch from `from` on, synchronously (JSC compiles a loop inside an async
 * function as part of its whole state machine, at several times the cost). Stops at a row only zod
 * can judge and returns its index, or -1 at the end of the batch.
 */
function checkBatch(scan: ValidateScan, batch: LineBatch, from: number, fileFormat: DatasetFormat | undefined, report: (problem: LineProblem) => void): number {
  const { lines } = batch;
  for (let i = from; i < lines.length; i++) {
    const quick = lineProblems(lines[i] as string, fileFormat);
    if (!Array.isArray(quick)) return i;
    tallyReasons(scan, batch.firstLine + i, quick, report);
  }
  return -1;
}

function tallyReasons(scan: ValidateScan, line: number, reasons: readonly string[], report: (problem: LineProblem) => void): void {
  if (reasons.length === 0) {
    scan.valid++;
    return;
  }
  scan.invalid++;
  for (const reason of reasons) report({ line, reason });
}

withoutTopTier(lineProblems, checkBatch, tallyReasons);

export async function scanValidate(path: string, options: ValidateScanOptions): Promise<ValidateScan> {
  const scan: ValidateScan = { lines: 0, valid: 0, invalid: 0, problems: [], problemsNotKept: 0 };
  const keep = options.keep ?? Number.POSITIVE_INFINITY;
  const report = (problem: LineProblem) => {
    if (options.onProblem) options.onProblem(problem);
    else if (scan.problems.length < keep) scan.problems.push(problem);
    else scan.problemsNotKept++;
  };
  for await (const batch of readLineBatches(path, options.range)) {
    options.onProgress?.(batch.bytesRead);
    for (let at = checkBatch(scan, batch, 0, options.fileFormat, report); at !== -1; at = checkBatch(scan, batch, at + 1, options.fileFormat, report)) {
      // A row the hand-written check cannot judge: zod says what is wrong with it (loaded once).
      const quick = lineProblems(batch.lines[at] as string, options.fileFormat) as { row: Record<string, unknown>; format: DatasetFormat };
      tallyReasons(scan, batch.firstLine + at, await checkRow(quick.row, quick.format), report);
    }
    scan.lines = batch.firstLine + batch.lines.length - 1;
  }
  return scan;
}
