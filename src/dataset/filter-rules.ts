/** The row-level rules of `dataset filter`, pure: each returns why a row goes, or undefined. */
import { checkRowSync } from "./check.ts";
import { detectFormat, rowProblems } from "./formats.ts";
import { detectLanguage, languageCode } from "./language.ts";
import { rowCharacters } from "./stats.ts";
import { finalAnswerOf, proseOf } from "./text.ts";

export const FILTER_REASONS = [
  "broken", "min-messages", "require-tools", "quality", "max-tokens", "language", "python", "duplicate", "near-duplicate",
] as const;
export type FilterReason = (typeof FILTER_REASONS)[number];

export type Removal = { reason: FilterReason; detail: string };

export type RowRules = {
  language?: string;
  minMessages?: number;
  maxTokens?: number;
  quality?: boolean;
  /** Shortest final answer --quality keeps, in characters. */
  minLength: number;
  requireTools?: boolean;
};

type Row = Record<string, unknown>;

const messageCount = (row: Row) => (Array.isArray(row.messages) ? row.messages.length : 0);

const callsTools = (row: Row) =>
  Array.isArray(row.messages) &&
  (row.messages as { tool_calls?: unknown }[]).some((m) => Array.isArray(m?.tool_calls) && m.tool_calls.length > 0);

/** Rules that need nothing but the row, cheapest first. */
export function ruleRemoval(row: Row, rules: RowRules): Removal | undefined {
  if (rules.minMessages !== undefined && messageCount(row) < rules.minMessages)
    return { reason: "min-messages", detail: `${messageCount(row)} messages, fewer than ${rules.minMessages}` };
  if (rules.requireTools && !callsTools(row)) return { reason: "require-tools", detail: "no tool calls" };
  if (rules.quality) {
    const format = detectFormat(row);
    if (!format) return { reason: "quality", detail: "unknown format" };
    const problems = checkRowSync(row, format, rowProblems);
    if (problems.length > 0) return { reason: "quality", detail: problems[0] as string };
    const answer = finalAnswerOf(row).trim();
    // A tool-calling final message has no text to measure.
    if (answer.length < rules.minLength && !endsWithToolCall(row))
      return { reason: "quality", detail: `final answer ${answer.length} characters, shorter than ${rules.minLength}` };
  }
  if (rules.maxTokens !== undefined) {
    const tokens = Math.round(rowCharacters(row) / 4);
    if (tokens > rules.maxTokens) return { reason: "max-tokens", detail: `~${tokens} tokens (characters/4), more than ${rules.maxTokens}` };
  }
  if (rules.language !== undefined) {
    const wanted = languageCode(rules.language);
    const found = detectLanguage(proseOf(row));
    // Too little prose to tell is not evidence of another language.
    if (found !== "und" && found !== wanted) return { reason: "language", detail: `language ${found}, not ${wanted}` };
  }
  return undefined;
}

function endsWithToolCall(row: Row): boolean {
  if (!Array.isArray(row.messages)) return false;
  const last = row.messages[row.messages.length - 1] as { tool_calls?: unknown } | undefined;
  return Array.isArray(last?.tool_calls) && last.tool_calls.length > 0;
}
