/**
 * Cold bench: Punie as an IDE meets it. Each run starts a fresh compiled `punie` and a fresh
 * compiled floor agent (bench/floor-agent.ts: the same SDK, the same protocol work, Bun's stdout
 * writer, the same build flags), drives each over real stdio with a lean client, and runs one
 * prompt of the first session against the scripted model server. Sides interleave after a
 * warm-up; medians and ratios are printed, with the spread (p25–p75) so the noise shows.
 *
 *   bun bench/cold.ts [--runs 12] [--tool-calls 50] [--chunks 5000]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { COMPILE_FLAGS, WORKER_ENTRIES } from "../scripts/build.ts";
import { type ScriptedReply, type ScriptedRequest, startScriptedServer } from "../src/testing/scripted-server.ts";
import { type ColdAgent, cpuMs, rssKb, startColdAgent } from "./cold-client.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "12" }, "tool-calls": { type: "string", default: "50" }, chunks: { type: "string", default: "5000" } },
});
const RUNS = Number(values.runs);
const TOOL_CALLS = Number(values["tool-calls"]);
const CHUNKS = Number(values.chunks);
const ROOT = join(import.meta.dir, "..");
const STREAM_TEXT = Array.from({ length: CHUNKS }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");

async function compile(entries: string[], outfile: string): Promise<string> {
  const proc = Bun.spawn([process.execPath, "build", ...entries, "--compile", ...COMPILE_FLAGS, "--outfile", outfile], { cwd: ROOT, stdout: "ignore", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`compile failed: ${entries.join(" ")}`);
  return outfile;
}

/**
 * What Punie's requests carry besides the conversation (system prompt, tools, options), taken
 * from its first request: the floor sends the same, so both sides make the same model requests.
 */
let punieShape: { system: unknown; tools: unknown[]; options: Record<string, unknown> } | undefined;

/** The model's side of each scenario, chosen by the prompt (the first user message). */
function reply(body: ScriptedRequest): ScriptedReply {
  const messages = body.messages ?? [];
  if (capturing && !punieShape) {
    const { model: _model, messages: _messages, tools = [], stream: _stream, ...options } = body;
    punieShape = { system: messages.find((message) => message.role === "system"), tools, options };
  }
  const prompt = String(messages.find((message) => message.role === "user")?.content ?? "");
  if (prompt === "tools") {
    const done = messages.filter((message) => message.role === "tool").length;
    if (done < TOOL_CALLS) return { toolCalls: [{ id: `call_${done}`, name: "read_file", arguments: { path: "file.py" } }], keepalive: false };
    return { text: "done", keepalive: false };
  }
  if (prompt === "stream") return { text: STREAM_TEXT, chunks: CHUNKS, keepalive: false };
  return { text: "Hello from an instant model.", keepalive: false };
}

const work = await mkdtemp(join(tmpdir(), "punie-cold-"));
const project = join(work, "project");
const home = join(work, "home");
await Bun.write(join(project, "file.py"), "def greet(name):\n    return f'hello {name}'\n".repeat(25));
// One prompt makes TOOL_CALLS + 1 model requests: above Punie's default limit of 50.
await Bun.write(join(project, ".punie", "settings.json"), JSON.stringify({ limits: { maxRequests: TOOL_CALLS + 10 } }));
let capturing = false;
const server = await startScriptedServer({ script: (body) => reply(body), models: ["m"] });
const env = { ...process.env, PUNIE_HOME: home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" };

type Side = { name: "punie" | "floor"; command: string[] };

type Sample = { initMs: number; initCpuMs: number; rssKb: number; promptMs: number; promptCpuMs: number; firstToLastMs: number; chunks: number };

/** One fresh process: initialize, session/new, one prompt; what an IDE's first prompt costs. */
async function coldPrompt(side: Side, prompt: string, fs: boolean): Promise<Sample> {
  const started = performance.now();
  const agent: ColdAgent = startColdAgent(side.command, env, project);
  try {
    await agent.request("initialize", { protocolVersion: 1, clientCapabilities: { fs: { readTextFile: fs, writeTextFile: fs }, terminal: false }, clientInfo: { name: "cold-bench", version: "1" } });
    const initMs = performance.now() - started;
    const initCpuMs = await cpuMs(agent.pid);
    const session = (await agent.request("session/new", { cwd: project, mcpServers: [] })) as { sessionId: string };
    const rss = await rssKb(agent.pid);
    agent.resetChunks();
    const cpuBefore = await cpuMs(agent.pid);
    const promptStarted = performance.now();
    const answer = (await agent.request("session/prompt", { sessionId: session.sessionId, prompt: [{ type: "text", text: prompt }] })) as { stopReason: string };
    const promptMs = performance.now() - promptStarted;
    const promptCpuMs = (await cpuMs(agent.pid)) - cpuBefore;
    if (answer.stopReason !== "end_turn") throw new Error(`${side.name}: prompt "${prompt}" ended with ${answer.stopReason}`);
    const { chunks } = agent;
    if (prompt === "stream" && chunks.text !== STREAM_TEXT) throw new Error(`${side.name}: streamed text differs (${chunks.text.length} of ${STREAM_TEXT.length} characters)`);
    return { initMs, initCpuMs, rssKb: rss, promptMs, promptCpuMs, firstToLastMs: chunks.last - chunks.first, chunks: chunks.count };
  } finally {
    await agent.close();
  }
}

async function timeExit(command: string[]): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn(command, { cwd: project, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`${command.join(" ")} exited ${code}: ${err.slice(0, 300)}`);
  if (command.includes("ask") && !out.includes("Hello from an instant model.")) throw new Error(`punie ask printed ${JSON.stringify(out.slice(0, 200))}`);
  return elapsed;
}

const spread = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `${at(0.25).toFixed(1)}–${at(0.75).toFixed(1)}`;
};

try {
  console.error("compiling punie and the floor agent with", COMPILE_FLAGS.join(" "), "…");
  const punieBin = await compile(["src/main.ts", ...WORKER_ENTRIES], join(work, "punie"));
  const floorBin = await compile(["bench/floor-agent.ts"], join(work, "floor-agent"));
  const punieSide: Side = { name: "punie", command: [punieBin, "--model", `${server.url}/m`] };
  capturing = true;
  await coldPrompt(punieSide, "tools", false);
  capturing = false;
  if (!punieShape?.system) throw new Error("punie's first model request had no system message");
  const shapeFile = join(work, "request-shape.json");
  await Bun.write(shapeFile, JSON.stringify(punieShape));
  console.error(`the floor sends Punie's system prompt and its ${punieShape.tools.length} tools (${JSON.stringify(punieShape).length} bytes, from Punie's first request)`);
  const sides: Side[] = [punieSide, { name: "floor", command: [floorBin, server.url, "m", shapeFile] }];
  const scenarios = [
    { key: "fs", prompt: "tools", fs: true },
    { key: "disk", prompt: "tools", fs: false },
    { key: "stream", prompt: "stream", fs: true },
  ] as const;
  type Key = (typeof scenarios)[number]["key"];
  const samples = new Map<string, Sample[]>();
  const add = (side: string, key: Key, sample: Sample) => samples.set(`${side}/${key}`, [...(samples.get(`${side}/${key}`) ?? []), sample]);
  const askRuns: number[] = [];
  const versionRuns: number[] = [];
  const ask = [punieBin, "ask", "hi", "--model", `${server.url}/m`];
  const version = [punieBin, "--version"];

  // Warm-up: page cache, the scripted server's JIT, punie's database created in its home.
  for (const scenario of scenarios) for (const side of sides) await coldPrompt(side, scenario.prompt, scenario.fs);
  await timeExit(ask);
  await timeExit(version);
  for (let run = 0; run < RUNS; run++) {
    for (const scenario of scenarios) {
      // Alternate which side goes first so neither always follows the other.
      const order = run % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) add(side.name, scenario.key, await coldPrompt(side, scenario.prompt, scenario.fs));
    }
    if (run % 2 === 0) {
      askRuns.push(await timeExit(ask));
      versionRuns.push(await timeExit(version));
    } else {
      versionRuns.push(await timeExit(version));
      askRuns.push(await timeExit(ask));
    }
  }

  const all = (side: string, pick: (s: Sample) => number) => scenarios.flatMap((s) => (samples.get(`${side}/${s.key}`) ?? []).map(pick));
  const of = (side: string, key: Key, pick: (s: Sample) => number) => (samples.get(`${side}/${key}`) ?? []).map(pick);
  type Row = { measure: string; punie: number[]; floor: number[]; unit: string; budget: number; perUnit?: { count: number; unit: string } };
  const rows: Row[] = [
    { measure: "start to initialize answer", punie: all("punie", (s) => s.initMs), floor: all("floor", (s) => s.initMs), unit: "ms", budget: 1.2 },
    { measure: "RSS after session/new", punie: all("punie", (s) => s.rssKb / 1024), floor: all("floor", (s) => s.rssKb / 1024), unit: "MB", budget: 1.3 },
    { measure: `${TOOL_CALLS} read_file, client fs`, punie: of("punie", "fs", (s) => s.promptMs), floor: of("floor", "fs", (s) => s.promptMs), unit: "ms", budget: 1.5, perUnit: { count: TOOL_CALLS, unit: "call" } },
    { measure: `${TOOL_CALLS} read_file, disk reads`, punie: of("punie", "disk", (s) => s.promptMs), floor: of("floor", "disk", (s) => s.promptMs), unit: "ms", budget: 1.5, perUnit: { count: TOOL_CALLS, unit: "call" } },
    { measure: `${CHUNKS} chunks, first to last`, punie: of("punie", "stream", (s) => s.firstToLastMs), floor: of("floor", "stream", (s) => s.firstToLastMs), unit: "ms", budget: 1.3, perUnit: { count: CHUNKS, unit: "chunk" } },
    { measure: `${CHUNKS} chunks, prompt to answer`, punie: of("punie", "stream", (s) => s.promptMs), floor: of("floor", "stream", (s) => s.promptMs), unit: "ms", budget: 0 },
    { measure: "punie ask (instant) vs --version", punie: askRuns, floor: versionRuns, unit: "ms", budget: 2 },
  ];
  // CPU the agent used (all its threads): far steadier than wall time on a busy machine.
  const cpuRows: Row[] = [
    { measure: "CPU to initialize answer", punie: all("punie", (s) => s.initCpuMs), floor: all("floor", (s) => s.initCpuMs), unit: "ms", budget: 0 },
    { measure: `CPU, ${TOOL_CALLS} read_file, client fs`, punie: of("punie", "fs", (s) => s.promptCpuMs), floor: of("floor", "fs", (s) => s.promptCpuMs), unit: "ms", budget: 0 },
    { measure: `CPU, ${TOOL_CALLS} read_file, disk`, punie: of("punie", "disk", (s) => s.promptCpuMs), floor: of("floor", "disk", (s) => s.promptCpuMs), unit: "ms", budget: 0 },
    { measure: `CPU, ${CHUNKS} chunks prompt`, punie: of("punie", "stream", (s) => s.promptCpuMs), floor: of("floor", "stream", (s) => s.promptCpuMs), unit: "ms", budget: 0 },
  ];
  console.log(`\nCold: fresh compiled process per run, real stdio, medians of ${RUNS} interleaved runs (start-up and RSS: ${RUNS * scenarios.length}) after a warm-up; p25–p75 in brackets`);
  console.log(`${"measure".padEnd(36)}${"punie".padEnd(24)}${"floor".padEnd(24)}ratio   budget`);
  let over = 0;
  for (const row of [...rows, ...cpuRows]) {
    const p = median(row.punie);
    const f = median(row.floor);
    const ratio = p / f;
    const verdict = row.budget === 0 ? "(info)" : ratio <= row.budget ? `≤ ${row.budget}x OK` : `≤ ${row.budget}x OVER`;
    if (row.budget !== 0 && ratio > row.budget) over++;
    const extra = row.perUnit ? `  (+${(((p - f) / row.perUnit.count) * 1000).toFixed(0)} µs per ${row.perUnit.unit})` : "";
    console.log(
      `${row.measure.padEnd(36)}${`${p.toFixed(1)} ${row.unit} [${spread(row.punie)}]`.padEnd(24)}${`${f.toFixed(1)} ${row.unit} [${spread(row.floor)}]`.padEnd(24)}${`${ratio.toFixed(2)}x`.padEnd(8)}${verdict}${extra}`,
    );
  }
  const updates = (side: string) => median(of(side, "stream", (s) => s.chunks)).toFixed(0);
  console.log(`updates carrying the ${CHUNKS} chunks: punie ${updates("punie")}, floor ${updates("floor")}`);
  console.log(over === 0 ? "cold budget: all OK" : `cold budget: ${over} over`);
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
process.exit(0);
