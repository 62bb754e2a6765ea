/**
 * Big files are scanned by several threads, one byte range each (cut at line boundaries): the
 * main thread takes the first range and worker threads the others. JSON.parse is most of the work
 * and it scales with cores. Results are merged in range order, so problems keep file order and
 * line numbers. A worker buys wall time with CPU: it is a second JS VM that loads and compiles the
 * scan again, touches ~20 MB of fresh memory and shares the caches, 0.05–0.3 CPU s in all
 * (bench/dataset.ts, 500 MB: 5–25% more CPU on two threads than on one; the wall time it saves
 * needs a free core). So files under 1 GiB stay on one thread, which scans them at 0.85–1x the
 * speed of a bare split+parse loop anyway, and the default stays at 2 threads (each worker adds
 * RSS: budget 200 MB); PUNIE_DATASET_THREADS and PUNIE_DATASET_PARALLEL_MIN_BYTES change both.
 */
import { DatasetError } from "./errors.ts";
import type { DatasetFormat } from "./format-detect.ts";
import { type ByteRange, lineRanges } from "./lines.ts";
import type { Problem } from "./rows.ts";
import { mergeStatsPartials, scanStats, type SplitStats, type StatsPartial } from "./stats.ts";
import { type LineProblem, scanValidate, type ValidateScan } from "./validate-scan.ts";

export type ScanTask =
  | { kind: "validate"; path: string; range: ByteRange; fileFormat: DatasetFormat | undefined; keep: number }
  | { kind: "stats"; path: string; range: ByteRange; keep: number };

export type ScanResult =
  | { type: "error"; message: string }
  | {
      type: "done";
      result: { kind: "validate"; scan: ValidateScan } | { kind: "stats"; partial: StatsPartial; broken: LineProblem[]; brokenNotKept: number };
    };

export type ThreadOptions = { threads?: number; parallelMinBytes?: number };

/** Problems kept per range when a worker scans it (the count stays exact beyond that). */
const KEEP_PER_RANGE = 100_000;

/** How many threads to scan a file of `size` bytes with: 1 below the size threshold. */
export function threadsFor(size: number, options: ThreadOptions = {}): number {
  const threads = options.threads ?? Math.min(navigator.hardwareConcurrency || 1, 2);
  const minBytes = options.parallelMinBytes ?? 1024 * 1024 * 1024;
  if (threads <= 1 || size < minBytes) return 1;
  // At least a quarter of the threshold per thread, so each worker pays for its start.
  return Math.max(1, Math.min(threads, Math.ceil(size / (minBytes / 4))));
}

/**
 * The worker script. In the compiled binary every entrypoint sits in Bun's embedded file system
 * at its path relative to src/ (scripts/build.ts lists it), while this module is inlined into the
 * main bundle, so `import.meta.url` no longer points beside it.
 */
function workerUrl(): string {
  return import.meta.url.startsWith("file:///$bunfs/") || import.meta.url.startsWith("file:///B:/~BUN/")
    ? "./dataset/scan-worker.ts"
    : new URL("./scan-worker.ts", import.meta.url).href;
}

function runTask(task: ScanTask): Promise<Extract<ScanResult, { type: "done" }>["result"]> {
  return new Promise((resolve, reject) => {
    // The small heap: fewer fresh pages for a VM that holds one block of rows at a time.
    const worker = new Worker(workerUrl(), { smol: true });
    worker.onmessage = (event: MessageEvent<ScanResult>) => {
      const message = event.data;
      worker.terminate();
      if (message.type === "error") reject(new DatasetError(message.message));
      else resolve(message.result);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new DatasetError(`dataset worker failed: ${event.message}`));
    };
    worker.postMessage(task);
  });
}

/** Offsets range-relative line numbers by the lines of the ranges before. */
function numbered(problems: LineProblem[], before: number, file: string): Problem[] {
  return problems.map((p) => ({ file, line: p.line + before, reason: p.reason }));
}

export async function parallelValidate(
  path: string,
  threads: number,
  fileFormat: DatasetFormat | undefined,
  onProblem: (problem: Problem) => void,
): Promise<ValidateScan> {
  const [first, ...rest] = await lineRanges(path, threads);
  // The main thread's own range streams its problems at once: they come first in the file.
  const own = scanValidate(path, { range: first as ByteRange, fileFormat, onProblem: (p) => onProblem({ file: path, ...p }) });
  const others = rest.map((range) => runTask({ kind: "validate", path, range, fileFormat, keep: KEEP_PER_RANGE }));
  const results = await Promise.all([own.then((scan) => ({ kind: "validate" as const, scan })), ...others]);
  const total: ValidateScan = { lines: 0, valid: 0, invalid: 0, problems: [], problemsNotKept: 0 };
  for (const [index, result] of results.entries()) {
    if (result.kind !== "validate") continue;
    if (index === 0) {
      total.lines = result.scan.lines;
      total.valid = result.scan.valid;
      total.invalid = result.scan.invalid;
      continue;
    }
    for (const problem of numbered(result.scan.problems, total.lines, path)) onProblem(problem);
    total.lines += result.scan.lines;
    total.valid += result.scan.valid;
    total.invalid += result.scan.invalid;
    total.problemsNotKept += result.scan.problemsNotKept;
  }
  return total;
}

export async function parallelStats(split: string, path: string, threads: number, onBroken: (problem: Problem) => void): Promise<SplitStats> {
  const [first, ...rest] = await lineRanges(path, threads);
  const ownBroken: LineProblem[] = [];
  const own = scanStats(path, {
    range: first as ByteRange,
    onBroken: (line, reason) => ownBroken.push({ line, reason }),
  }).then((partial) => ({ kind: "stats" as const, partial, broken: ownBroken, brokenNotKept: 0 }));
  const others = rest.map((range) => runTask({ kind: "stats", path, range, keep: KEEP_PER_RANGE }));
  const results = await Promise.all([own, ...others]);
  const partials: StatsPartial[] = [];
  let before = 0;
  for (const result of results) {
    if (result.kind !== "stats") continue;
    for (const problem of numbered(result.broken, before, path)) onBroken(problem);
    before += result.partial.lines;
    partials.push(result.partial);
  }
  return mergeStatsPartials(split, path, partials);
}
