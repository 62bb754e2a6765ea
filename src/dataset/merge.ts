/**
 * `dataset merge`: joins dataset directories split by split, dropping exact duplicates (across all
 * inputs) and tagging each example with its input directory's name in a top-level "source" key
 * (mlx_lm ignores unknown keys). A duplicate is judged without its old "source" tag.
 */
import { basename, resolve } from "node:path";
import { DatasetError } from "./errors.ts";
import { type AtomicFile, checkTargets, datasetParts, SPLITS, withAtomicFiles } from "./files.ts";
import { createHashSet64 } from "./hash-set.ts";
import { readLineBatches } from "./lines.ts";
import { parseLine, type Problem } from "./rows.ts";
import { join } from "node:path";

export type MergeOptions = { force: boolean; strict: boolean; onProblem(problem: Problem): void };

export type MergeReport = {
  splits: { split: string; output: string; written: number; duplicates: number; broken: number }[];
  sources: string[];
};

export async function mergeDatasets(inputs: readonly string[], output: string, options: MergeOptions): Promise<MergeReport> {
  if (inputs.length === 0) throw new DatasetError("merge needs at least one input directory");
  const inputParts = inputs.map((dir) => ({ dir, source: basename(resolve(dir)), parts: datasetParts(dir) }));
  const splits = SPLITS.filter((s) => inputParts.some((i) => i.parts.some((p) => p.split === s)));
  const targets = splits.map((s) => join(output, `${s}.jsonl`));
  checkTargets(targets, inputParts.flatMap((i) => i.parts.map((p) => p.path)), options.force);
  const seen = createHashSet64();
  const report: MergeReport = { splits: [], sources: inputParts.map((i) => i.source) };

  await withAtomicFiles(targets, async (files) => {
    for (const [index, split] of splits.entries()) {
      const out = files[index] as AtomicFile;
      const entry = { split, output: out.path, written: 0, duplicates: 0, broken: 0 };
      for (const input of inputParts) {
        const part = input.parts.find((p) => p.split === split);
        if (!part) continue;
        for await (const batch of readLineBatches(part.path)) {
          batch.lines.forEach((text, i) => {
            const parsed = parseLine(text);
            if (!parsed.ok) {
              const line = batch.firstLine + i;
              if (options.strict) throw new DatasetError(`${part.path}:${line}: ${parsed.reason} (--strict)`);
              options.onProblem({ file: part.path, line, reason: parsed.reason });
              entry.broken++;
              return;
            }
            const { source: _old, ...example } = parsed.row;
            const body = JSON.stringify(example);
            if (!seen.addText(body)) {
              entry.duplicates++;
              return;
            }
            out.write(`${JSON.stringify({ ...example, source: input.source })}\n`);
            entry.written++;
          });
        }
      }
      report.splits.push(entry);
    }
  });
  return report;
}
