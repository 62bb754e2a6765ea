/**
 * `dataset filter`: streams a dataset (dir or .jsonl) through the row rules, Python checks and
 * dedup into a new one, counting what was removed and why. Python snippets of one read batch are
 * parsed concurrently by the single python3 process, then rows are deduplicated and written in order.
 */
import { existsSync, statSync } from "node:fs";
import { DatasetError } from "./errors.ts";
import { type AtomicFile, checkTargets, datasetParts, outputParts, withAtomicFiles } from "./files.ts";
import { FILTER_REASONS, type FilterReason, type Removal, ruleRemoval, type RowRules } from "./filter-rules.ts";
import { createHashSet64, normaliseWhitespace } from "./hash-set.ts";
import { readLineBatches } from "./lines.ts";
import { startPythonParser, type PythonParser } from "./python-parser.ts";
import { findRemoval } from "./python-removed.ts";
import { parseLine, type Problem } from "./rows.ts";
import { pythonSnippetsOf } from "./text.ts";

export type FilterOptions = RowRules & {
  /** Drop code that would not run on Python 3.<minPython>. */
  minPython?: number;
  dedup?: boolean;
  strict: boolean;
  force: boolean;
  /** Where dropped rows go, each with its reason. */
  removedPath?: string;
  /** The python3 used to parse code. */
  python?: string;
  onProblem(problem: Problem): void;
  onProgress?(bytesRead: number): void;
};

export type FilterFileReport = { input: string; output: string; kept: number; removed: number };

export type FilterReport = {
  kept: number;
  removed: number;
  reasons: Record<FilterReason, number>;
  files: FilterFileReport[];
  /** The python3 version that parsed code, when --min-python was given. */
  pythonParser?: string;
};

export async function filterDataset(input: string, output: string, options: FilterOptions): Promise<FilterReport> {
  const isDir = existsSync(input) && statSync(input).isDirectory();
  const parts = datasetParts(input);
  const outs = outputParts(isDir, output, parts.map((p) => p.split));
  const targets = [...outs.map((o) => o.path), ...(options.removedPath ? [options.removedPath] : [])];
  checkTargets(targets, parts.map((p) => p.path), options.force);

  const reasons = Object.fromEntries(FILTER_REASONS.map((r) => [r, 0])) as Record<FilterReason, number>;
  const report: FilterReport = { kept: 0, removed: 0, reasons, files: [] };
  const parser = options.minPython !== undefined ? await startPythonParser(options.python) : undefined;
  if (parser) report.pythonParser = parser.version.join(".");
  const exact = createHashSet64();
  const near = createHashSet64();

  try {
    await withAtomicFiles(targets, async (files) => {
      const removedFile: AtomicFile | undefined = options.removedPath ? files[files.length - 1] : undefined;
      for (const [index, part] of parts.entries()) {
        const out = files[index] as AtomicFile;
        const fileReport: FilterFileReport = { input: part.path, output: out.path, kept: 0, removed: 0 };
        const remove = (line: number, removal: Removal, row: unknown) => {
          reasons[removal.reason]++;
          fileReport.removed++;
          removedFile?.write(`${JSON.stringify({ reason: removal.reason, detail: removal.detail, file: part.path, line, example: row })}\n`);
        };
        for await (const batch of readLineBatches(part.path)) {
          options.onProgress?.(batch.bytesRead);
          const verdicts = await Promise.all(
            batch.lines.map(async (text, i) => {
              const parsed = parseLine(text);
              if (!parsed.ok) return { parsed, removal: { reason: "broken", detail: parsed.reason } as Removal };
              const removal = ruleRemoval(parsed.row, options) ?? (parser && (await pythonRemoval(parser, parsed.row, options.minPython ?? 0)));
              return { parsed, removal, i };
            }),
          );
          verdicts.forEach(({ parsed, removal }, i) => {
            const line = batch.firstLine + i;
            const text = batch.lines[i] as string;
            if (!parsed.ok) {
              const problem = { file: part.path, line, reason: parsed.reason };
              if (options.strict) throw new DatasetError(`${problem.file}:${line}: ${problem.reason} (--strict)`);
              options.onProblem(problem);
              remove(line, { reason: "broken", detail: parsed.reason }, text);
              return;
            }
            const final = removal ?? (options.dedup ? duplicateRemoval(text, parsed.row) : undefined);
            if (final) remove(line, final, parsed.row);
            else {
              fileReport.kept++;
              out.write(`${text}\n`);
            }
          });
        }
        report.kept += fileReport.kept;
        report.removed += fileReport.removed;
        report.files.push(fileReport);
      }
    });
  } finally {
    await parser?.close();
  }
  return report;

  function duplicateRemoval(text: string, row: unknown): Removal | undefined {
    const isNewExact = exact.addText(text.trim());
    const isNewNear = near.addText(normaliseWhitespace(row));
    if (!isNewExact) return { reason: "duplicate", detail: "exact duplicate of an earlier row" };
    if (!isNewNear) return { reason: "near-duplicate", detail: "same as an earlier row but for whitespace" };
    return undefined;
  }
}

async function pythonRemoval(parser: PythonParser, row: Record<string, unknown>, minor: number): Promise<Removal | undefined> {
  for (const code of pythonSnippetsOf(row)) {
    const result = await parser.parse(code);
    if (!result.ok)
      return { reason: "python", detail: `not valid Python ${parser.version.join(".")} syntax (Python 2 or broken): ${result.error}` };
    const removed = findRemoval(result.facts, minor);
    if (removed)
      return {
        reason: "python",
        detail: `uses ${removed.name.replace(/^\./, "")}, removed in Python ${removed.removedIn.join(".")}${removed.use ? ` (use ${removed.use})` : ""}`,
      };
  }
  return undefined;
}
