/**
 * A run's numbers (pure): per prompt the mean over its attempts, the suite score (mean of prompt
 * scores), the success rate (fraction of attempts scoring 1) and per-category scores.
 */
import type { PromptResult } from "./result-types.ts";
import { mean, type PartScores, stdev } from "./score.ts";

export type RunStatus = "running" | "done" | "interrupted" | "failed";

export type PromptSummary = Omit<PromptResult, "attempt"> & {
  /** With `--repeat`: how many runs, and the spread of their scores. */
  runs?: number;
  scoreStdev?: number;
  attempts?: PromptResult[];
};

export type RunSummary = {
  runId: string;
  suite: string;
  model: string;
  status: RunStatus;
  startedAt: number;
  score: number;
  successRate: number;
  durationMs: number;
  categories: Array<{ name: string; score: number; prompts: number }>;
  prompts: PromptSummary[];
};

export type RunMeta = { runId: string; suite: string; model: string; status: RunStatus; startedAt: number; durationMs: number; repeat: number };

/** `order`: prompt ids in suite order (results of other ids come after, in id order). */
export function summarizeRun(meta: RunMeta, results: readonly PromptResult[], order: readonly string[] = []): RunSummary {
  const byId = new Map<string, PromptResult[]>();
  for (const result of results) byId.set(result.id, [...(byId.get(result.id) ?? []), result]);
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index < 0 ? order.length : index;
  };
  const ids = [...byId.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const prompts = ids.map((id) => summarizePrompt((byId.get(id) ?? []).sort((a, b) => a.attempt - b.attempt), meta.repeat > 1));
  const categories = new Map<string, number[]>();
  for (const prompt of prompts) categories.set(prompt.category, [...(categories.get(prompt.category) ?? []), prompt.score]);
  return {
    runId: meta.runId,
    suite: meta.suite,
    model: meta.model,
    status: meta.status,
    startedAt: meta.startedAt,
    score: mean(prompts.map((prompt) => prompt.score)),
    successRate: results.length === 0 ? 0 : results.filter((result) => result.score === 1).length / results.length,
    durationMs: meta.durationMs,
    categories: [...categories].map(([name, scores]) => ({ name, score: mean(scores), prompts: scores.length })),
    prompts,
  };
}

function summarizePrompt(attempts: PromptResult[], repeated: boolean): PromptSummary {
  const [first, ...rest] = attempts;
  if (!first) throw new Error("a prompt summary needs at least one attempt");
  const { attempt: _attempt, ...shown } = first;
  if (!repeated && rest.length === 0) return shown;
  const scores = attempts.map((attempt) => attempt.score);
  return {
    ...shown,
    score: mean(scores),
    parts: meanParts(attempts.map((attempt) => attempt.parts)),
    runs: attempts.length,
    scoreStdev: stdev(scores),
    attempts,
  };
}

function meanParts(parts: PartScores[]): PartScores {
  const result: PartScores = {};
  for (const key of ["tools", "keywords", "check"] as const) {
    const values = parts.flatMap((part) => (part[key] === undefined ? [] : [part[key]]));
    if (values.length > 0) result[key] = mean(values);
  }
  return result;
}
