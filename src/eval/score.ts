/**
 * Scoring (docs/eval.md; documented and stable): each part present scores 0..1 — tools = matched
 * expected calls / expected calls, keywords = fraction found in the answer (case-insensitive),
 * check = 1 when the command exits 0 — and the prompt score is their weighted mean.
 */
import { matchToolCalls, type ObservedToolCall } from "./matchers.ts";
import type { Expectations, PartWeights } from "./suite-schema.ts";

export type PartScores = { tools?: number; keywords?: number; check?: number };

export type ScoreInput = {
  expect: Expectations;
  weights: PartWeights;
  calls: readonly ObservedToolCall[];
  answer: string;
  /** The check command's exit code (null: it did not run or was killed). */
  checkExitCode: number | null;
  /** The copy's root, for path arguments. */
  root: string;
};

export type PromptScore = { score: number; parts: PartScores; matched: number[]; keywordsFound: string[] };

export function scorePrompt(input: ScoreInput): PromptScore {
  const { expect, weights } = input;
  const parts: PartScores = {};
  let matched: number[] = [];
  let keywordsFound: string[] = [];
  if (expect.tools) {
    matched = matchToolCalls(expect.tools, input.calls, input.root);
    parts.tools = matched.filter((index) => index >= 0).length / expect.tools.length;
  }
  if (expect.keywords) {
    const answer = input.answer.toLowerCase();
    keywordsFound = expect.keywords.filter((keyword) => answer.includes(keyword.toLowerCase()));
    parts.keywords = keywordsFound.length / expect.keywords.length;
  }
  if (expect.check !== undefined) parts.check = input.checkExitCode === 0 ? 1 : 0;
  return { score: weightedMean(parts, weights), parts, matched, keywordsFound };
}

/** The weighted mean of the parts present; 0 when none has weight. */
export function weightedMean(parts: PartScores, weights: PartWeights): number {
  let total = 0;
  let weightSum = 0;
  for (const key of ["tools", "keywords", "check"] as const) {
    const value = parts[key];
    if (value === undefined) continue;
    total += value * weights[key];
    weightSum += weights[key];
  }
  return weightSum === 0 ? 0 : total / weightSum;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Population standard deviation (the spread of the runs made, not an estimate beyond them). */
export function stdev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - average) ** 2)));
}
