/**
 * Agent overhead, client in process: a prompt making 20 tool calls and a prompt streaming 2,000
 * chunks through Punie's ACP agent, against the scripted server with no latency — compared with
 * a minimal agent on the same SDK doing the same protocol work (see baselineRun). The difference is
 * Punie's own cost (budget: < 1 ms per tool call, < 50 µs per streamed chunk).
 *
 *   bun bench/overhead.ts [--runs 10]
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as acp from "@agentclientprotocol/sdk";
import { createAcpAgent } from "../src/acp/agent.ts";
import { silentLogger } from "../src/log/logger.ts";
import { type ScriptedReply, startScriptedServer } from "../src/testing/scripted-server.ts";
import { median } from "./stats.ts";

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;
const TOOL_CALLS = 20;
const CHUNKS = 2000;

const project = await mkdtemp(join(tmpdir(), "punie-overhead-"));
const home = await mkdtemp(join(tmpdir(), "punie-overhead-home-"));
await Bun.write(join(project, "file.py"), "print('hello')\n".repeat(50));

// The first prompt of a session loads the model client and the session's tools: the first reply
// warms that up, and only the second prompt is measured.
const WARM: ScriptedReply = { text: "warm", keepalive: false };
const toolScript: ScriptedReply[] = [
  ...Array.from({ length: TOOL_CALLS }, (_, i): ScriptedReply => ({ toolCalls: [{ id: `c${i}`, name: "read_file", arguments: { path: "file.py" } }], keepalive: false })),
  { text: "done", keepalive: false },
];
const chunkScript: ScriptedReply[] = [{ text: "x".repeat(CHUNKS), chunks: CHUNKS, keepalive: false }];

async function punieRun(script: ScriptedReply[]): Promise<number> {
  const server = await startScriptedServer({ script: [WARM, ...script], models: ["m"] });
  const { app } = createAcpAgent({
    name: "bench",
    version: "0",
    modelFlag: `${server.url}/m`,
    env: { ...process.env, PUNIE_HOME: home, PUNIE_MODEL_RETRIES: "0" },
    log: silentLogger,
  });
  return timeSecondPrompt(app, server);
}

/**
 * The floor: a minimal agent on the same SDK, client in process, doing the same protocol work
 * with no agent logic — each model request streamed and parsed, each chunk forwarded as an
 * agent_message_chunk, each tool call shown as tool_call → in_progress → completed with the file
 * read through fs/read_text_file. What Punie takes beyond this is its own overhead.
 */
async function baselineRun(script: ScriptedReply[]): Promise<number> {
  const server = await startScriptedServer({ script: [WARM, ...script], models: ["m"] });
  const path = join(project, "file.py");
  const app = acp
    .agent({ name: "floor" })
    .onRequest(acp.methods.agent.initialize, () => ({ protocolVersion: 1, agentCapabilities: {} }))
    .onRequest(acp.methods.agent.session.new, () => ({ sessionId: "s" }))
    .onRequest(acp.methods.agent.session.prompt, async ({ client }) => {
      for (;;) {
        const response = await fetch(`${server.url}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "go" }] }),
        });
        const text = await response.text();
        let toolCall = false;
        for (const line of text.split("\n")) {
          if (!line.startsWith("data: {")) continue;
          const delta = (JSON.parse(line.slice(6)) as { choices: Array<{ delta: { content?: string; tool_calls?: unknown } }> }).choices[0]?.delta;
          if (delta?.content) await client.notify("session/update", { sessionId: "s", update: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: delta.content } } });
          if (delta?.tool_calls) toolCall = true;
        }
        if (!toolCall) return { stopReason: "end_turn" as const };
        await client.notify("session/update", { sessionId: "s", update: { sessionUpdate: "tool_call", toolCallId: "t", title: "Read file.py", kind: "read", status: "pending" } });
        await client.notify("session/update", { sessionId: "s", update: { sessionUpdate: "tool_call_update", toolCallId: "t", status: "in_progress" } });
        const { content } = await client.request("fs/read_text_file", { sessionId: "s", path });
        await client.notify("session/update", { sessionId: "s", update: { sessionUpdate: "tool_call_update", toolCallId: "t", status: "completed", content: [{ type: "content", content: { type: "text", text: content } }] } });
      }
    });
  return timeSecondPrompt(app, server);
}

/** Opens a session, warms it with one prompt, and times the second (the one that does the work). */
async function timeSecondPrompt(app: acp.AgentApp, server: { stop(): Promise<void> }): Promise<number> {
  const connection = inProcessClient().connect(app);
  const agent = connection.agent;
  await agent.request("initialize", { protocolVersion: 1, clientCapabilities: { fs: { readTextFile: true, writeTextFile: true } } });
  const { sessionId } = await agent.request("session/new", { cwd: project, mcpServers: [] });
  await agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "warm up" }] });
  const started = performance.now();
  await agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "go" }] });
  const elapsed = performance.now() - started;
  connection.close();
  await server.stop();
  return elapsed;
}

/** The IDE side, in process: accepts updates, serves reads, allows what is asked. */
function inProcessClient() {
  return acp
    .client({ name: "bench" })
    .onNotification(acp.methods.client.session.update, () => {})
    .onRequest(acp.methods.client.fs.readTextFile, async ({ params }) => ({ content: await Bun.file(params.path).text() }))
    .onRequest(acp.methods.client.session.requestPermission, async ({ params }) => ({
      outcome: { outcome: "selected", optionId: params.options[0]?.optionId ?? "" },
    }));
}

const measure = async (name: string, script: ScriptedReply[], units: number, unit: string, budgetUs: number) => {
  await punieRun(script);
  await baselineRun(script); // warm-up
  const punie: number[] = [];
  const base: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    punie.push(await punieRun(script));
    base.push(await baselineRun(script));
  }
  const p = median(punie);
  const b = median(base);
  const perUnitUs = ((p - b) / units) * 1000;
  console.log(
    `${name.padEnd(26)} punie ${p.toFixed(1)} ms · baseline ${b.toFixed(1)} ms · ratio ${(p / b).toFixed(2)}x · overhead ${perUnitUs.toFixed(1)} µs per ${unit} (budget ${budgetUs} µs) ${perUnitUs <= budgetUs ? "OK" : "OVER"}`,
  );
};

console.log(`Agent overhead, client in process — medians of ${RUNS} interleaved runs`);
await measure(`${TOOL_CALLS} tool calls`, toolScript, TOOL_CALLS, "tool call", 1000);
await measure(`${CHUNKS} streamed chunks`, chunkScript, CHUNKS, "chunk", 50);
process.exit(0);
