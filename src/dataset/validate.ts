/**
 * `dataset validate`: every problem as file:line: reason, counts per file. The format is fixed by
 * the first parseable line of each file, as mlx_lm does.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatasetError } from "./errors.ts";
import { datasetParts, SPLITS } from "./files.ts";
import { type DatasetFormat, formatFamily } from "./format-detect.ts";
import { readLineBatches } from "./lines.ts";
import { checkRow, quickCheck } from "./check.ts";
import { formatOf, parseLine, type Problem, UNKNOWN_FORMAT } from "./rows.ts";

export type FileValidation = {
  split: string;
  path: string;
  format: DatasetFormat | null;
  lines: number;
  valid: number;
  invalid: number;
};

export type ValidationReport = { files: FileValidation[]; problems: number; ok: boolean };

export type ValidateOptions = {
  /** mlx_lm needs at least this many lines per split (its default batch size is 4). */
  batchSize: number;
  onProblem(problem: Problem): void;
  onProgress?(bytesRead: number): void;
};

export async function validateFile(split: string, path: string, options: ValidateOptions): Promise<FileValidation> {
  const result: FileValidation = { split, path, format: null, lines: 0, valid: 0, invalid: 0 };
  let format: DatasetFormat | undefined;
  for await (const batch of readLineBatches(path)) {
    options.onProgress?.(batch.bytesRead);
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.firstLine + i;
      const quick = lineProblems(batch.lines[i] as string);
      const reasons = Array.isArray(quick) ? quick : await checkRow(quick.row, quick.format);
      if (reasons.length === 0) result.valid++;
      else {
        result.invalid++;
        for (const reason of reasons) options.onProblem({ file: path, line, reason });
      }
    }
    result.lines = batch.firstLine + batch.lines.length - 1;
  }
  result.format = format ?? null;
  if (result.lines < options.batchSize)
    options.onProblem({ file: path, reason: `${result.lines} lines, fewer than the batch size ${options.batchSize}` });
  return result;

  /** Problems found without zod, or the row zod must judge. */
  function lineProblems(text: string): string[] | { row: Record<string, unknown>; format: DatasetFormat } {
    const parsed = parseLine(text);
    if (!parsed.ok) return [parsed.reason];
    const rowFormat = formatOf(parsed.row);
    if (!rowFormat) return [UNKNOWN_FORMAT];
    if (!format) format = rowFormat;
    // mlx_lm reads chat and tools rows with one loader (`tools` is optional per row).
    if (formatFamily(rowFormat) !== formatFamily(format))
      return [`${rowFormat} format, but this file is ${format} (set by its first line)`];
    return quickCheck(parsed.row, rowFormat) ?? { row: parsed.row, format: rowFormat };
  }
}

export async function validateDataset(path: string, options: ValidateOptions): Promise<ValidationReport> {
  let problems = 0;
  const counting: ValidateOptions = {
    ...options,
    onProblem(problem) {
      problems++;
      options.onProblem(problem);
    },
  };
  const isDir = existsSync(path) && statSync(path).isDirectory();
  if (isDir) {
    // mlx_lm trains from train + valid; test is only read with --test, so its absence is fine.
    for (const split of SPLITS.slice(0, 2)) {
      const file = join(path, `${split}.jsonl`);
      if (!existsSync(file)) counting.onProblem({ file, reason: "missing (mlx_lm needs train.jsonl and valid.jsonl)" });
    }
  }
  const parts = datasetParts(path);
  if (parts.length === 0) throw new DatasetError(`${path}: nothing to validate`);
  const files: FileValidation[] = [];
  for (const part of parts) files.push(await validateFile(part.split, part.path, counting));
  return { files, problems, ok: problems === 0 };
}
