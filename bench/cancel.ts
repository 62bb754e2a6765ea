/**
 * Cancel latency over real stdio with dist/punie: time from `session/cancel` to the prompt's
 * `cancelled` answer, mid-stream and mid-command (budget: 200 ms), beside the time the same
 * client takes for a plain request/answer round trip (the floor of any answer).
 *
 *   bun bench/cancel.ts [--runs 10]
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSession, startAgentProcess } from "../src/testing/acp-client.ts";
import { type ScriptedReply, startScriptedServer } from "../src/testing/scripted-server.ts";
import { median } from "./stats.ts";

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;
const binary = join(import.meta.dir, "..", "dist", "punie");
if (!(await Bun.file(binary).exists())) {
  console.error("dist/punie is missing: run `bun run build` first");
  process.exit(1);
}
const project = await mkdtemp(join(tmpdir(), "punie-cancel-"));
const home = await mkdtemp(join(tmpdir(), "punie-cancel-home-"));

type Case = { name: string; reply: ScriptedReply; started: (methods: string[], chunks: number) => boolean };
const CASES: Case[] = [
  { name: "mid-stream", reply: { text: "x".repeat(50), chunks: 50, delays: { betweenChunksMs: 1000 } }, started: (_m, chunks) => chunks > 0 },
  {
    name: "mid-command",
    reply: { toolCalls: [{ id: "s", name: "run_command", arguments: { command: "sleep 30" } }] },
    started: (methods) => methods.includes("terminal/wait_for_exit"),
  },
];

async function once(reply: ScriptedReply, started: Case["started"]): Promise<{ cancelMs: number; roundTripMs: number }> {
  const server = await startScriptedServer({ script: [reply, { text: "after" }], models: ["m"] });
  const agent = await startAgentProcess({ command: [binary, "--model", `${server.url}/m`], cwd: project, env: { PUNIE_HOME: home } });
  try {
    const { sessionId } = await openSession(agent, project);
    const t0 = performance.now();
    await agent.agent.request("session/set_mode", { sessionId, modeId: "auto" });
    const roundTripMs = performance.now() - t0;
    const pending = agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "go" }] });
    const chunks = () => agent.updates.filter((n) => n.update.sessionUpdate === "agent_message_chunk").length;
    while (!started(agent.clientCalls.map((c) => c.method), chunks())) await Bun.sleep(2);
    const t1 = performance.now();
    await agent.agent.notify("session/cancel", { sessionId });
    const response = await pending;
    if (response.stopReason !== "cancelled") throw new Error(`expected cancelled, got ${response.stopReason}`);
    return { cancelMs: performance.now() - t1, roundTripMs };
  } finally {
    await agent.close();
    await server.stop();
  }
}

console.log(`Cancel latency over stdio — medians of ${RUNS} runs`);
for (const testCase of CASES) {
  await once(testCase.reply, testCase.started); // warm-up
  const samples = [];
  for (let run = 0; run < RUNS; run++) samples.push(await once(testCase.reply, testCase.started));
  const cancel = median(samples.map((s) => s.cancelMs));
  const roundTrip = median(samples.map((s) => s.roundTripMs));
  console.log(
    `${testCase.name.padEnd(12)} cancel → cancelled ${cancel.toFixed(1)} ms · plain round trip ${roundTrip.toFixed(1)} ms · ratio ${(cancel / roundTrip).toFixed(1)}x · budget 200 ms ${cancel <= 200 ? "OK" : "OVER"}`,
  );
}
process.exit(0);
