/** Turning one JSONL line into a row, with the reason when it cannot be one. */
import { withoutTopTier } from "./jit.ts";

export type ParsedLine = { ok: true; row: Record<string, unknown> } | { ok: false; reason: string };

export function parseLine(text: string): ParsedLine {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (error) {
    // Checked only on failure: JSON.parse rejects blank lines anyway, and this is the hot path.
    if (text.trim() === "") return { ok: false, reason: "empty line" };
    return { ok: false, reason: `bad JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof row !== "object" || row === null || Array.isArray(row)) return { ok: false, reason: "not a JSON object" };
  return { ok: true, row: row as Record<string, unknown> };
}

withoutTopTier(parseLine);

export const UNKNOWN_FORMAT = "unknown format: needs messages, prompt and completion, or text";

/** Where a problem is: `file:line` (or just the file for whole-file problems). */
export type Problem = { file: string; line?: number; reason: string };

export function formatProblem(problem: Problem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.reason}` : `${problem.file}:${problem.line}: ${problem.reason}`;
}
