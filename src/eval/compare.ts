/**
 * Runs side by side (pure): per prompt the score in each run and its change against the first run
 * given; regressions (a prompt whose score dropped from the first run to the last) come first.
 */
import { alignColumns } from "../perf/table.ts";
import type { RunSummary } from "./summary.ts";

export type ComparedPrompt = {
  id: string;
  category: string;
  /** Per run, in the order given; null where that run lacks the prompt. */
  scores: Array<number | null>;
  /** Per run, the change against the first run (null when either lacks it). */
  deltas: Array<number | null>;
  regression: boolean;
};

export type Comparison = {
  runs: Array<{ runId: string; suite: string; model: string; status: string; score: number; successRate: number }>;
  prompts: ComparedPrompt[];
  regressions: Array<{ id: string; from: number; to: number }>;
};

/** Scores closer than this are equal (means of repeats are floats). */
const EPSILON = 1e-9;

export function compareRuns(runs: readonly RunSummary[]): Comparison {
  const ids: string[] = [];
  const category = new Map<string, string>();
  for (const run of runs) {
    for (const prompt of run.prompts) {
      if (!category.has(prompt.id)) ids.push(prompt.id);
      category.set(prompt.id, prompt.category);
    }
  }
  const prompts = ids.map((id): ComparedPrompt => {
    const scores = runs.map((run) => run.prompts.find((prompt) => prompt.id === id)?.score ?? null);
    const first = scores[0] ?? null;
    const last = scores.at(-1) ?? null;
    const deltas = scores.map((score) => (score === null || first === null ? null : score - first));
    const regression = runs.length > 1 && first !== null && last !== null && last < first - EPSILON;
    return { id, category: category.get(id) ?? "", scores, deltas, regression };
  });
  const drop = (prompt: ComparedPrompt) => (prompt.deltas.at(-1) ?? 0);
  const ordered = [...prompts.filter((prompt) => prompt.regression).sort((a, b) => drop(a) - drop(b)), ...prompts.filter((prompt) => !prompt.regression)];
  return {
    runs: runs.map((run) => ({ runId: run.runId, suite: run.suite, model: run.model, status: run.status, score: run.score, successRate: run.successRate })),
    prompts: ordered,
    regressions: ordered.filter((prompt) => prompt.regression).map((prompt) => ({ id: prompt.id, from: prompt.scores[0] ?? 0, to: prompt.scores.at(-1) ?? 0 })),
  };
}

/** The comparison as a text table for the terminal. */
export function formatComparison(comparison: Comparison): string {
  const header = ["prompt", ...comparison.runs.map((run, index) => (index === 0 ? run.runId : `${run.runId} (Δ)`))];
  const rows = comparison.prompts.map((prompt) => [
    `${prompt.regression ? "▼ " : "  "}${prompt.id}`,
    ...prompt.scores.map((score, index) => {
      if (score === null) return "–";
      const delta = prompt.deltas[index] ?? null;
      return index === 0 || delta === null || Math.abs(delta) < EPSILON ? score.toFixed(2) : `${score.toFixed(2)} (${delta > 0 ? "+" : ""}${delta.toFixed(2)})`;
    }),
  ]);
  const total = ["  score", ...comparison.runs.map((run) => run.score.toFixed(3))];
  const lines = alignColumns([header, ...rows, total], new Set());
  const note = comparison.regressions.length > 0 ? `${comparison.regressions.length} regression(s): ${comparison.regressions.map((r) => r.id).join(", ")}` : "No regressions.";
  return [...lines, "", note].join("\n");
}
