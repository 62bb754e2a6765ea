/**
 * Dataset throughput and memory: `punie dataset validate` and `stats`, run as subprocesses the way
 * a user runs them (the compiled binary), against a bare Bun loop that only splits lines and
 * JSON.parses them (issue 5: at least 0.5x its throughput, peak RSS under 200 MB at 50 MB and at
 * 500 MB; issue 10: at least 0.8x its work per CPU core — CPU seconds, not wall time, so threads
 * cannot hide a slow loop; the forced 2-thread rows are shown, held to wall and RSS only). Runs are
 * interleaved after a warm-up and compared by median; peak RSS is the child's maxRSS, CPU is the
 * child's user + system time (all its threads).
 * Usage: bun bench/dataset.ts [--runs 5] [--big-runs 3] [--sizes 50,500]
 */
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { COMPILE_FLAGS, WORKER_ENTRIES } from "../scripts/build.ts";
import { generateDataset } from "./dataset-generate.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, "big-runs": { type: "string", default: "3" }, sizes: { type: "string", default: "50,500" } },
});
const ROOT = join(import.meta.dir, "..");
const DATA = join(import.meta.dir, ".data");

const work = await mkdtemp(join(tmpdir(), "punie-dataset-bench-"));
const punie = join(work, "punie");
{
  const build = Bun.spawn([process.execPath, "build", join(ROOT, "src", "main.ts"), ...WORKER_ENTRIES.map((entry) => join(ROOT, entry)), "--compile", ...COMPILE_FLAGS, "--outfile", punie], { cwd: ROOT, stdout: "ignore", stderr: "inherit" });
  if ((await build.exited) !== 0) throw new Error("compiling punie failed");
}

/** `perCore: false`: shown, held to the wall and RSS targets only (a worker buys wall time with CPU). */
type Side = { name: string; command: (dir: string) => string[]; env?: Record<string, string>; perCore?: false };
// The default is one thread below 1 GiB (src/dataset/parallel.ts); these rows show what a worker buys and costs.
const TWO_THREADS = { PUNIE_DATASET_THREADS: "2", PUNIE_DATASET_PARALLEL_MIN_BYTES: "1" };
const SIDES: Side[] = [
  { name: "bare loop", command: (dir) => ["bun", join(ROOT, "bench", "dataset-bare.ts"), dir] },
  { name: "validate", command: (dir) => [punie, "dataset", "validate", dir, "--json"] },
  { name: "stats", command: (dir) => [punie, "dataset", "stats", dir, "--json"] },
  { name: "validate 2 threads", command: (dir) => [punie, "dataset", "validate", dir, "--json"], env: TWO_THREADS, perCore: false },
  { name: "stats 2 threads", command: (dir) => [punie, "dataset", "stats", dir, "--json"], env: TWO_THREADS, perCore: false },
];

type Run = { seconds: number; cpuSeconds: number; maxRss: number };

async function runOnce(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const start = performance.now();
  const child = Bun.spawn(argv, { stdout: "ignore", stderr: "pipe", cwd: ROOT, env: { ...process.env, ...env } });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}: ${stderr.slice(0, 500)}`);
  const usage = child.resourceUsage();
  const cpuSeconds = usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6 : 0;
  return { seconds, cpuSeconds, maxRss: usage?.maxRSS ?? 0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function datasetBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) if (name.endsWith(".jsonl")) total += statSync(join(dir, name)).size;
  return total;
}

async function ensureDataset(megabytes: number): Promise<string> {
  const dir = join(DATA, `mixed-${megabytes}mb`);
  if (!existsSync(join(dir, "test.jsonl"))) {
    console.error(`generating ${megabytes} MB dataset in ${dir} ...`);
    await generateDataset(dir, megabytes);
  }
  return dir;
}

const results: string[] = [];
let failed = false;
for (const size of (values.sizes ?? "50,500").split(",").map(Number)) {
  const dir = await ensureDataset(size);
  const mb = (await datasetBytes(dir)) / 1e6;
  const runs = Number(size >= 200 ? values["big-runs"] : values.runs);
  for (const side of SIDES) await runOnce(side.command(dir), side.env); // warm-up: page cache and bun's transpile cache
  const samples = new Map<string, Run[]>(SIDES.map((s) => [s.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const side of SIDES) samples.get(side.name)?.push(await runOnce(side.command(dir), side.env));
  }
  const bareRuns = samples.get("bare loop") ?? [];
  const bare = median(bareRuns.map((r) => r.seconds));
  const bareCpu = median(bareRuns.map((r) => r.cpuSeconds));
  results.push(`\n${mb.toFixed(0)} MB dataset (${runs} interleaved runs each after a warm-up; medians)`);
  results.push("side                MB/s  wall vs bare   CPU s  per core vs bare   peak RSS");
  for (const side of SIDES) {
    const runsOf = samples.get(side.name) ?? [];
    const seconds = median(runsOf.map((r) => r.seconds));
    const cpu = median(runsOf.map((r) => r.cpuSeconds));
    const peak = Math.max(...runsOf.map((r) => r.maxRss)) / 1e6;
    const ratio = bare / seconds;
    const perCore = bareCpu / cpu;
    if (side.name !== "bare loop" && (ratio < 0.5 || (side.perCore !== false && perCore < 0.8) || peak >= 200)) failed = true;
    results.push(
      `${side.name.padEnd(18)} ${(mb / seconds).toFixed(0).padStart(5)}  ${ratio.toFixed(2).padStart(8)}x  ${cpu.toFixed(2).padStart(6)}  ${perCore.toFixed(2).padStart(14)}x   ${peak.toFixed(0).padStart(5)} MB`,
    );
  }
  console.log(results.slice(-SIDES.length - 2).join("\n"));
}
await rm(work, { recursive: true, force: true });

console.log(
  failed
    ? "\nTARGET MISSED (>= 0.5x bare loop wall, >= 0.8x per core with the default threads, peak RSS < 200 MB)"
    : "\nTargets met: >= 0.5x bare loop wall, >= 0.8x per core with the default threads, peak RSS < 200 MB",
);
