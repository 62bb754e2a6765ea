/**
 * `dataset validate`: every problem as file:line: reason, counts per file. The format is fixed by
 * the first line of each file that has one, as mlx_lm does. Big files are checked by several
 * threads (parallel.ts); problems still come out in file order.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { datasetParts, SPLITS } from "./files.ts";
import type { DatasetFormat } from "./format-detect.ts";
import type { ThreadOptions } from "./parallel.ts";
import type { Problem } from "./rows.ts";
import { fileFormatOf, scanValidate } from "./validate-scan.ts";

export type FileValidation = {
  split: string;
  path: string;
  format: DatasetFormat | null;
  lines: number;
  valid: number;
  invalid: number;
};

export type ValidationReport = { files: FileValidation[]; problems: number; ok: boolean };

export type ValidateOptions = ThreadOptions & {
  /** mlx_lm needs at least this many lines per split (its default batch size is 4). */
  batchSize: number;
  onProblem(problem: Problem): void;
  onProgress?(bytesRead: number): void;
};

export async function validateFile(split: string, path: string, options: ValidateOptions): Promise<FileValidation> {
  const fileFormat = await fileFormatOf(path);
  const { threadsFor, parallelValidate } = await import("./parallel.ts");
  const threads = threadsFor(Bun.file(path).size, options);
  const scan =
    threads > 1
      ? await parallelValidate(path, threads, fileFormat, options.onProblem)
      : await scanValidate(path, {
          fileFormat,
          onProblem: (p) => options.onProblem({ file: path, line: p.line, reason: p.reason }),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
  if (scan.problemsNotKept > 0) options.onProblem({ file: path, reason: `${scan.problemsNotKept} more problems not listed` });
  if (scan.lines < options.batchSize)
    options.onProblem({ file: path, reason: `${scan.lines} lines, fewer than the batch size ${options.batchSize}` });
  return { split, path, format: fileFormat ?? null, lines: scan.lines, valid: scan.valid, invalid: scan.invalid };
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
  const files: FileValidation[] = [];
  for (const part of datasetParts(path)) files.push(await validateFile(part.split, part.path, counting));
  return { files, problems, ok: problems === 0 };
}
