/**
 * Dataset throughput and memory: `punie dataset validate` and `stats`, run as subprocesses the way
 * a user runs them, against a bare Bun loop that only splits lines and JSON.parses them (issue 5:
 * at least 0.5x its throughput, peak RSS under 200 MB at 50 MB and at 500 MB).
 * Runs are interleaved after a warm-up and compared by median; peak RSS is the child's maxRSS.
 * Usage: bun bench/dataset.ts [--runs 5] [--big-runs 3] [--sizes 50,500]
 */
import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "./dataset-generate.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, "big-runs": { type: "string", default: "3" }, sizes: { type: "string", default: "50,500" } },
});
const ROOT = join(import.meta.dir, "..");
const DATA = join(import.meta.dir, ".data");

type Side = { name: string; command: (dir: string) => string[] };
const SIDES: Side[] = [
  { name: "bare loop", command: (dir) => ["bun", join(ROOT, "bench", "dataset-bare.ts"), dir] },
  { name: "validate", command: (dir) => ["bun", join(ROOT, "src", "main.ts"), "dataset", "validate", dir, "--json"] },
  { name: "stats", command: (dir) => ["bun", join(ROOT, "src", "main.ts"), "dataset", "stats", dir, "--json"] },
];

type Run = { seconds: number; maxRss: number };

async function runOnce(argv: string[]): Promise<Run> {
  const start = performance.now();
  const child = Bun.spawn(argv, { stdout: "ignore", stderr: "pipe", cwd: ROOT });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}: ${stderr.slice(0, 500)}`);
  return { seconds, maxRss: child.resourceUsage()?.maxRSS ?? 0 };
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
  for (const side of SIDES) await runOnce(side.command(dir)); // warm-up: page cache and bun's transpile cache
  const samples = new Map<string, Run[]>(SIDES.map((s) => [s.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const side of SIDES) samples.get(side.name)?.push(await runOnce(side.command(dir)));
  }
  const bare = median((samples.get("bare loop") ?? []).map((r) => r.seconds));
  results.push(`\n${mb.toFixed(0)} MB dataset (${runs} interleaved runs each after a warm-up; medians)`);
  results.push("side          MB/s    vs bare   peak RSS");
  for (const side of SIDES) {
    const runsOf = samples.get(side.name) ?? [];
    const seconds = median(runsOf.map((r) => r.seconds));
    const peak = Math.max(...runsOf.map((r) => r.maxRss)) / 1e6;
    const ratio = bare / seconds;
    if ((side.name === "validate" || side.name === "stats") && (ratio < 0.5 || peak >= 200)) failed = true;
    results.push(`${side.name.padEnd(12)} ${(mb / seconds).toFixed(0).padStart(6)}   ${ratio.toFixed(2).padStart(6)}x   ${peak.toFixed(0).padStart(5)} MB`);
  }
  console.log(results.slice(-SIDES.length - 2).join("\n"));
}

console.log(failed ? "\nTARGET MISSED (>= 0.5x bare loop, peak RSS < 200 MB)" : "\nTargets met: >= 0.5x bare loop, peak RSS < 200 MB");
