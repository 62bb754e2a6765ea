/**
 * `dataset stats`: per split counts that tell whether a dataset will train well. Tokens are
 * estimated as characters / 4 (said so in the output); one streaming pass per file.
 */
import { datasetParts } from "./files.ts";
import { detectFormat } from "./format-detect.ts";
import { createHashSet64 } from "./hash-set.ts";
import { readLineBatches } from "./lines.ts";
import { parseLine, type Problem } from "./rows.ts";

/** Upper bounds of the messages-per-example histogram buckets; the last is open. */
export const MESSAGE_BUCKETS = [1, 2, 3, 4, 6, 8, 12, 16, 32] as const;

export type SplitStats = {
  split: string;
  path: string;
  examples: number;
  brokenLines: number;
  formats: Record<string, number>;
  /** Bucket label ("1", "5-6", "33+") → examples. */
  messagesPerExample: Record<string, number>;
  roles: Record<string, number>;
  /** Characters / 4 over every text the model reads or writes. */
  estimatedTokens: number;
  toolCalls: Record<string, number>;
  exactDuplicates: number;
};

export type DatasetStats = { splits: SplitStats[]; tokenEstimate: "characters/4" };

function bucketLabel(count: number): string {
  let low = 1;
  for (const high of MESSAGE_BUCKETS) {
    if (count <= high) return low === high ? String(high) : `${low}-${high}`;
    low = high + 1;
  }
  return `${low}+`;
}

// Counters are Maps while counting (dynamic keys push plain objects into slow dictionary mode).
type Counter = Map<string, number>;
function bump(counter: Counter, key: string): void {
  counter.set(key, (counter.get(key) ?? 0) + 1);
}

/** Characters of every string, key and number in a JSON value (what a template renders, roughly). */
function jsonCharacters(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (typeof value !== "object" || value === null) return value === undefined ? 0 : String(value).length;
  let chars = 0;
  if (Array.isArray(value)) for (const item of value) chars += jsonCharacters(item);
  else for (const key in value) chars += key.length + jsonCharacters((value as Record<string, unknown>)[key]);
  return chars;
}

/** Characters the model reads or writes in one row (content, tool calls, tool schemas, prompt/completion/text). */
export function rowCharacters(row: Record<string, unknown>): number {
  let chars = 0;
  if (Array.isArray(row.messages)) {
    for (const m of row.messages as Record<string, unknown>[]) {
      if (typeof m?.content === "string") chars += m.content.length;
      if (Array.isArray(m?.tool_calls)) chars += jsonCharacters(m.tool_calls);
    }
  }
  if (Array.isArray(row.tools)) chars += jsonCharacters(row.tools);
  for (const key of ["prompt", "completion", "text"]) if (typeof row[key] === "string") chars += (row[key] as string).length;
  return chars;
}

export async function splitStats(split: string, path: string, onBroken: (p: Problem) => void): Promise<SplitStats> {
  const stats: SplitStats = {
    split, path, examples: 0, brokenLines: 0, formats: {}, messagesPerExample: {}, roles: {}, estimatedTokens: 0, toolCalls: {}, exactDuplicates: 0,
  };
  const seen = createHashSet64();
  const formats: Counter = new Map();
  const messagesPerExample: Counter = new Map();
  const roles: Counter = new Map();
  const toolCalls: Counter = new Map();
  let chars = 0;
  for await (const batch of readLineBatches(path)) {
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i] as string;
      const parsed = parseLine(text);
      if (!parsed.ok) {
        stats.brokenLines++;
        onBroken({ file: path, line: batch.firstLine + i, reason: parsed.reason });
        continue;
      }
      const row = parsed.row;
      stats.examples++;
      if (!seen.addText(text.trim())) stats.exactDuplicates++;
      bump(formats, detectFormat(row) ?? "unknown");
      chars += rowCharacters(row);
      if (Array.isArray(row.messages)) {
        const messages = row.messages as Record<string, unknown>[];
        bump(messagesPerExample, bucketLabel(messages.length));
        for (const m of messages) {
          bump(roles, typeof m?.role === "string" ? m.role : "invalid");
          if (Array.isArray(m?.tool_calls))
            for (const c of m.tool_calls as { function?: { name?: unknown } }[]) {
              const name = c?.function?.name;
              bump(toolCalls, typeof name === "string" ? name : "invalid");
            }
        }
      }
    }
  }
  stats.estimatedTokens = Math.round(chars / 4);
  stats.formats = Object.fromEntries(formats);
  stats.messagesPerExample = Object.fromEntries(messagesPerExample);
  stats.roles = Object.fromEntries(roles);
  stats.toolCalls = Object.fromEntries(toolCalls);
  return stats;
}

export async function datasetStats(path: string, onBroken: (p: Problem) => void): Promise<DatasetStats> {
  const splits: SplitStats[] = [];
  for (const part of datasetParts(path)) splits.push(await splitStats(part.split, part.path, onBroken));
  return { splits, tokenEstimate: "characters/4" };
}
