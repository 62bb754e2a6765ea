/**
 * `dataset stats`: per split counts that tell whether a dataset will train well. Tokens are
 * estimated as characters / 4 (said so in the output); one streaming pass per file.
 */
import { datasetParts } from "./files.ts";
import { detectFormat } from "./format-detect.ts";
import { countDuplicates, createHashList, type HashList } from "./hash-list.ts";
import { withoutTopTier } from "./jit.ts";
import { type ByteRange, type LineBatch, readLineBatches } from "./lines.ts";
import { parseLine, type Problem } from "./rows.ts";
import { loadTokenCounter, rowTexts, type TokenCounter } from "./tokens.ts";

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
  /** The same texts counted by the tokenizer given with --tokenizer. */
  tokens?: number;
  toolCalls: Record<string, number>;
  exactDuplicates: number;
};

export type DatasetStats = { splits: SplitStats[]; tokenEstimate: "characters/4"; tokenizer?: string };

const labels: string[] = [];

/** The histogram label for a message count (made once per count: this runs for every row). */
function bucketLabel(count: number): string {
  return (labels[count] ??= makeBucketLabel(count));
}

function makeBucketLabel(count: number): string {
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

/** Counts of one byte range; duplicates are counted by whoever holds the hash set. */
export type StatsPartial = {
  /** Lines in the range, broken ones included. */
  lines: number;
  examples: number;
  brokenLines: number;
  chars: number;
  /** Exact tokens, when a tokenizer was given. */
  tokens?: number;
  /** Hashes of the rows' trimmed text, for counting exact duplicates over every range. */
  hashes: BigUint64Array;
  formats: Record<string, number>;
  messagesPerExample: Record<string, number>;
  roles: Record<string, number>;
  toolCalls: Record<string, number>;
};

export type StatsScanOptions = {
  range?: ByteRange;
  /** Each broken line, numbered within the range. */
  onBroken(line: number, reason: string): void;
  onProgress?(bytesRead: number): void;
  countTokens?: TokenCounter;
};

/** Running counts of one scan (plain counters for the four mlx_lm roles). */
type StatsTally = {
  hashes: HashList;
  formats: Counter;
  messagesPerExample: Counter;
  roles: Counter;
  toolCalls: Counter;
  lines: number;
  examples: number;
  brokenLines: number;
  chars: number;
  tokens: number;
  system: number;
  user: number;
  assistant: number;
  tool: number;
};

/** `text.trim()`, without the call when both ends are printable ASCII (never white space): nearly every line. */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/**
 * Counts one batch. Kept synchronous and apart from the async scan: JSC compiles a loop inside an
 * async function as part of its whole state machine, which cost more JIT time than the counting.
 */
function tallyBatch(tally: StatsTally, batch: LineBatch, options: StatsScanOptions): void {
  const { lines } = batch;
  tally.lines += lines.length;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const parsed = parseLine(text);
    if (!parsed.ok) {
      tally.brokenLines++;
      options.onBroken(batch.firstLine + i, parsed.reason);
      continue;
    }
    const row = parsed.row;
    tally.examples++;
    tally.hashes.addText(trimmed(text));
    bump(tally.formats, detectFormat(row) ?? "unknown");
    tally.chars += rowCharacters(row);
    if (options.countTokens) for (const t of rowTexts(row)) tally.tokens += options.countTokens(t);
    if (Array.isArray(row.messages)) tallyMessages(tally, row.messages as Record<string, unknown>[]);
  }
}

function tallyMessages(tally: StatsTally, messages: Record<string, unknown>[]): void {
  bump(tally.messagesPerExample, bucketLabel(messages.length));
  for (const m of messages) {
    const role = m?.role;
    // The four mlx_lm roles are plain counters; anything else goes to the map.
    if (role === "assistant") tally.assistant++;
    else if (role === "user") tally.user++;
    else if (role === "tool") tally.tool++;
    else if (role === "system") tally.system++;
    else bump(tally.roles, typeof role === "string" ? role : "invalid");
    if (Array.isArray(m?.tool_calls))
      for (const c of m.tool_calls as { function?: { name?: unknown } }[]) {
        const name = c?.function?.name;
        bump(tally.toolCalls, typeof name === "string" ? name : "invalid");
      }
  }
}

withoutTopTier(trimmed, tallyBatch, tallyMessages, bump, bucketLabel, rowCharacters, jsonCharacters);

export async function scanStats(path: string, options: StatsScanOptions): Promise<StatsPartial> {
  const tally: StatsTally = {
    hashes: createHashList(), formats: new Map(), messagesPerExample: new Map(), roles: new Map(), toolCalls: new Map(),
    lines: 0, examples: 0, brokenLines: 0, chars: 0, tokens: 0, system: 0, user: 0, assistant: 0, tool: 0,
  };
  for await (const batch of readLineBatches(path, options.range)) {
    options.onProgress?.(batch.bytesRead);
    tallyBatch(tally, batch, options);
  }
  const { roles } = tally;
  const counted: [string, number][] = [["system", tally.system], ["user", tally.user], ["assistant", tally.assistant], ["tool", tally.tool]];
  for (const [role, n] of counted) if (n > 0) roles.set(role, n);
  return {
    lines: tally.lines, examples: tally.examples, brokenLines: tally.brokenLines, chars: tally.chars, hashes: tally.hashes.hashes(),
    ...(options.countTokens ? { tokens: tally.tokens } : {}),
    formats: Object.fromEntries(tally.formats),
    messagesPerExample: Object.fromEntries(tally.messagesPerExample),
    roles: Object.fromEntries(roles),
    toolCalls: Object.fromEntries(tally.toolCalls),
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

/** Sums range partials (in any order) into a split's stats. */
export function mergeStatsPartials(split: string, path: string, partials: readonly StatsPartial[]): SplitStats {
  const exactDuplicates = countDuplicates(partials.map((p) => p.hashes));
  const stats: SplitStats = {
    split, path, examples: 0, brokenLines: 0, formats: {}, messagesPerExample: {}, roles: {}, estimatedTokens: 0, toolCalls: {}, exactDuplicates,
  };
  let chars = 0;
  for (const p of partials) {
    if (p.tokens !== undefined) stats.tokens = (stats.tokens ?? 0) + p.tokens;
    stats.examples += p.examples;
    stats.brokenLines += p.brokenLines;
    chars += p.chars;
    addCounts(stats.formats, p.formats);
    addCounts(stats.messagesPerExample, p.messagesPerExample);
    addCounts(stats.roles, p.roles);
    addCounts(stats.toolCalls, p.toolCalls);
  }
  stats.estimatedTokens = Math.round(chars / 4);
  return stats;
}

export type StatsOptions = {
  onBroken(problem: Problem): void;
  /** A tokenizer.json for exact token counts (then the scan stays on one thread). */
  tokenizer?: string;
  /** Worker threads for big files (see parallel.ts). */
  threads?: number;
  parallelMinBytes?: number;
};

export async function splitStats(split: string, path: string, options: StatsOptions): Promise<SplitStats> {
  const countTokens = options.tokenizer ? await loadTokenCounter(options.tokenizer) : undefined;
  const { parallelStats, threadsFor } = await import("./parallel.ts");
  const threads = countTokens ? 1 : threadsFor(Bun.file(path).size, options);
  if (threads > 1) return parallelStats(split, path, threads, options.onBroken);
  const partial = await scanStats(path, {
    onBroken: (line, reason) => options.onBroken({ file: path, line, reason }),
    ...(countTokens ? { countTokens } : {}),
  });
  return mergeStatsPartials(split, path, [partial]);
}

export async function datasetStats(path: string, options: StatsOptions): Promise<DatasetStats> {
  const splits: SplitStats[] = [];
  for (const part of datasetParts(path)) splits.push(await splitStats(part.split, part.path, options));
  return { splits, tokenEstimate: "characters/4", ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}) };
}
