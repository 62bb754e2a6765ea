/**
 * The data check before mlx_lm ever starts: the dataset validator (`punie dataset validate`) on
 * DATA_DIR, plus what training needs on top: train.jsonl and valid.jsonl each with at least
 * batch-size examples, test.jsonl with --test, and one format across the files.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatProblem } from "../dataset/rows.ts";
import { validateDataset } from "../dataset/validate.ts";
import { MlxError } from "../mlx/errors.ts";

const SHOWN = 5;

export class TrainDataError extends MlxError {}

export async function checkTrainingData(dir: string, options: { batchSize: number; test: boolean }): Promise<void> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TrainDataError(`${dir}: no such data folder (it should hold train.jsonl and valid.jsonl)`);
  const problems: string[] = [];
  const report = await validateDataset(dir, { batchSize: options.batchSize, onProblem: (p) => problems.push(formatProblem(p)) });
  if (options.test && !existsSync(join(dir, "test.jsonl"))) problems.push(`${join(dir, "test.jsonl")}: missing (--test evaluates on it)`);
  // chat and tools rows are one mlx_lm dataset (ChatDataset: "messages", "tools" optional), so
  // they mix freely (the built-in sample does); only messages vs completions vs text is a mix.
  const formats = new Set(report.files.map((f) => (f.format === "tools" ? "chat" : f.format)).filter((f) => f !== null));
  if (formats.size > 1) problems.push(`${dir}: the files mix formats (${report.files.map((f) => `${f.split}: ${f.format}`).join(", ")}); mlx_lm needs one`);
  if (problems.length === 0) return;
  const more = problems.length > SHOWN ? `\n… ${problems.length - SHOWN} more: punie dataset validate ${dir}` : "";
  throw new TrainDataError(`${dir} is not ready for training (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was started:\n${problems.slice(0, SHOWN).join("\n")}${more}`);
}
