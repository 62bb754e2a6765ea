/**
 * `dataset stats`: per split counts that tell whether a dataset will train well. Tokens are
 * estimated as characters / 4 (said so in the output); one streaming pass per file.
 */
import { datasetParts } from "./files.ts";
import { detectFormat } from "./formats.ts";
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

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Characters the model reads or writes in one row (content, tool arguments, prompt/completion/text). */
export function rowCharacters(row: Record<string, unknown>): number {
  let chars = 0;
  const add = (v: unknown) => {
    if (typeof v === "string") chars += v.length;
    else if (v !== undefined && v !== null) chars += JSON.stringify(v).length;
  };
  if (Array.isArray(row.messages)) {
    for (const m of row.messages as Record<string, unknown>[]) {
      add(m?.content);
      if (Array.isArray(m?.tool_calls)) for (const c of m.tool_calls as { function?: { name?: unknown; arguments?: unknown } }[]) {
        add(c?.function?.name);
        add(c?.function?.arguments);
      }
    }
  }
  if (Array.isArray(row.tools)) add(row.tools);
  add(row.prompt);
  add(row.completion);
  add(row.text);
  return chars;
}

export async function splitStats(split: string, path: string, onBroken: (p: Problem) => void): Promise<SplitStats> {
  const stats: SplitStats = {
    split, path, examples: 0, brokenLines: 0, formats: {}, messagesPerExample: {}, roles: {}, estimatedTokens: 0, toolCalls: {}, exactDuplicates: 0,
  };
  const seen = createHashSet64();
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
      bump(stats.formats, detectFormat(row) ?? "unknown");
      chars += rowCharacters(row);
      if (Array.isArray(row.messages)) {
        const messages = row.messages as Record<string, unknown>[];
        bump(stats.messagesPerExample, bucketLabel(messages.length));
        for (const m of messages) {
          bump(stats.roles, typeof m?.role === "string" ? m.role : "invalid");
          if (Array.isArray(m?.tool_calls))
            for (const c of m.tool_calls as { function?: { name?: unknown } }[]) {
              const name = c?.function?.name;
              bump(stats.toolCalls, typeof name === "string" ? name : "invalid");
            }
        }
      }
    }
  }
  stats.estimatedTokens = Math.round(chars / 4);
  return stats;
}

export async function datasetStats(path: string, onBroken: (p: Problem) => void): Promise<DatasetStats> {
  const splits: SplitStats[] = [];
  for (const part of datasetParts(path)) splits.push(await splitStats(part.split, part.path, onBroken));
  return { splits, tokenEstimate: "characters/4" };
}
