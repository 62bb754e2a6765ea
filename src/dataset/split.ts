/**
 * `dataset split`: one .jsonl into train/valid/test by ratios with a seeded shuffle. Two streaming
 * passes: count, then send each line to the split its shuffled position falls in. Memory is a
 * 4-byte slot per line; within a split, lines keep their input order (mlx_lm shuffles batches
 * itself each epoch, so only membership matters for training).
 */
import { join } from "node:path";
import { DatasetError } from "./errors.ts";
import { type AtomicFile, checkTargets, SPLITS, withAtomicFiles } from "./files.ts";
import { readLineBatches } from "./lines.ts";
import { parseLine, type Problem } from "./rows.ts";

export type Ratios = readonly [number, number, number];

export function parseRatios(text: string): Ratios {
  const parts = text.split(",").map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0))
    throw new DatasetError(`--ratios ${text}: give three non-negative numbers, e.g. 0.8,0.1,0.1`);
  const sum = parts.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) throw new DatasetError(`--ratios ${text}: they add up to ${sum}, not 1`);
  return parts as unknown as Ratios;
}

/** Exact counts: valid and test are floored, the rounding remainder goes to train. */
export function splitCounts(total: number, ratios: Ratios): [number, number, number] {
  const valid = Math.floor(total * ratios[1]);
  const test = Math.floor(total * ratios[2]);
  return [total - valid - test, valid, test];
}

/** mulberry32: tiny, seedable and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Split index (0 train, 1 valid, 2 test) of every line, from a Fisher–Yates shuffle of positions. */
export function assignSplits(total: number, ratios: Ratios, seed: number): Uint8Array {
  const positions = new Uint32Array(total);
  for (let i = 0; i < total; i++) positions[i] = i;
  const random = seededRandom(seed);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = positions[i] as number;
    positions[i] = positions[j] as number;
    positions[j] = tmp;
  }
  const [train, valid] = splitCounts(total, ratios);
  const assignment = new Uint8Array(total);
  for (let line = 0; line < total; line++) {
    const position = positions[line] as number;
    assignment[line] = position < train ? 0 : position < train + valid ? 1 : 2;
  }
  return assignment;
}

export type SplitOptions = { ratios: Ratios; seed: number; force: boolean; strict: boolean; onProblem(p: Problem): void };
export type SplitReport = { total: number; counts: Record<string, number>; broken: number };

export async function splitFile(input: string, outDir: string, options: SplitOptions): Promise<SplitReport> {
  const targets = SPLITS.map((s) => join(outDir, `${s}.jsonl`));
  checkTargets(targets, [input], options.force);
  // Broken lines are reported and left out before counting, so counts stay exact.
  let total = 0;
  let broken = 0;
  for await (const batch of readLineBatches(input)) {
    batch.lines.forEach((text, i) => {
      const parsed = parseLine(text);
      if (parsed.ok) return void total++;
      const line = batch.firstLine + i;
      if (options.strict) throw new DatasetError(`${input}:${line}: ${parsed.reason} (--strict)`);
      broken++;
      options.onProblem({ file: input, line, reason: parsed.reason });
    });
  }
  const assignment = assignSplits(total, options.ratios, options.seed);
  const counts: Record<string, number> = { train: 0, valid: 0, test: 0 };
  await withAtomicFiles(targets, async (files) => {
    let index = 0;
    for await (const batch of readLineBatches(input)) {
      for (const text of batch.lines) {
        if (!parseLine(text).ok) continue;
        const split = assignment[index++] as number;
        (files[split] as AtomicFile).write(`${text}\n`);
        counts[SPLITS[split] as string]! += 1;
      }
    }
  });
  return { total, counts, broken };
}

