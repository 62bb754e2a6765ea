/**
 * Eval throughput: a 20-prompt suite against a scripted model with 200 ms latency per request,
 * run with --concurrency 1 and 4 (interleaved, after a warm-up), in process through the same
 * runEval as `punie eval`. Budget: concurrency 4 at least 3x faster.
 *
 *   bun bench/eval.ts [--runs 10]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEval } from "../src/eval/run-eval.ts";
import { startScriptedServer } from "../src/testing/scripted-server.ts";
import { median } from "./stats.ts";

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;
const PROMPTS = 20;
const LATENCY_MS = 200;
const BUDGET = 3;

const dir = await mkdtemp(join(tmpdir(), "punie-bench-eval-"));
const suite = join(dir, "suite.yaml");
await Bun.write(
  suite,
  `name: bench\nprompts:\n${Array.from({ length: PROMPTS }, (_, index) => `  - {id: p${index + 1}, prompt: "question ${index + 1}", expect: {keywords: [answer]}}\n`).join("")}`,
);
const server = await startScriptedServer({ script: () => ({ text: "The answer.", delays: { beforeFirstChunkMs: LATENCY_MS } }) });
const sink = { write: () => true };

async function once(concurrency: number): Promise<number> {
  const started = performance.now();
  const { summary } = await runEval({
    suite,
    model: `local:${server.url}/m`,
    concurrency,
    repeat: 1,
    timeoutMs: 60_000,
    json: false,
    keep: false,
    env: { ...process.env, PUNIE_HOME: join(dir, "home"), PUNIE_MODEL: undefined },
    cwd: dir,
    err: sink,
    out: sink,
    signal: new AbortController().signal,
  });
  if (summary.score !== 1) throw new Error(`expected every prompt to score 1, got ${summary.score}`);
  return performance.now() - started;
}

try {
  await once(4); // warm-up
  const serial: number[] = [];
  const parallel: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    serial.push(await once(1));
    parallel.push(await once(4));
  }
  const ratio = median(serial) / median(parallel);
  console.log(`Eval of ${PROMPTS} prompts, ${LATENCY_MS} ms model latency — medians of ${RUNS} interleaved runs`);
  console.log(`  --concurrency 1: ${median(serial).toFixed(0)} ms`);
  console.log(`  --concurrency 4: ${median(parallel).toFixed(0)} ms`);
  console.log(`  ratio: ${ratio.toFixed(2)}x (budget ≥ ${BUDGET}x) ${ratio >= BUDGET ? "ok" : "OVER BUDGET"}`);
  if (ratio < BUDGET) process.exitCode = 1;
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
