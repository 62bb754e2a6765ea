/**
 * Profiles one cold scenario in the compiled binary (Bun's --cpu-prof-md through BUN_OPTIONS):
 *   bun bench/cold-profile.ts BINARY fs|disk|stream OUTDIR [--floor [REQUEST_SHAPE]]
 * (REQUEST_SHAPE: Punie's system prompt and tools for the floor, as bench/cold.ts captures them.)
 * Prints where the markdown profile was written.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startScriptedServer } from "../src/testing/scripted-server.ts";
import { startColdAgent } from "./cold-client.ts";

const [binary = "", scenario = "fs", outDir = "/tmp"] = process.argv.slice(2);
const floorAt = process.argv.indexOf("--floor");
const floor = floorAt !== -1;
const shape = floor ? process.argv.slice(floorAt + 1, floorAt + 2) : [];
const TOOL_CALLS = 50;
const CHUNKS = 5000;
const work = await mkdtemp(join(tmpdir(), "punie-prof-"));
const project = join(work, "project");
await Bun.write(join(project, "file.py"), "def greet(name):\n    return f'hello {name}'\n".repeat(25));
await Bun.write(join(project, ".punie", "settings.json"), JSON.stringify({ limits: { maxRequests: TOOL_CALLS + 10 } }));
await mkdir(outDir, { recursive: true });
const server = await startScriptedServer({
  models: ["m"],
  script: (body) => {
    const messages = body.messages ?? [];
    const prompt = String(messages.find((m) => m.role === "user")?.content ?? "");
    if (prompt === "stream") return { text: "x".repeat(CHUNKS), chunks: CHUNKS, keepalive: false };
    const done = messages.filter((m) => m.role === "tool").length;
    return done < TOOL_CALLS ? { toolCalls: [{ id: `c${done}`, name: "read_file", arguments: { path: "file.py" } }], keepalive: false } : { text: "done", keepalive: false };
  },
});
const wrap = process.env.WRAP ? [process.env.WRAP] : [];
const command = floor ? [...wrap, binary, server.url, "m", ...shape] : [...wrap, binary, "--model", `${server.url}/m`];
const env = { ...process.env, PUNIE_HOME: join(work, "home"), BUN_OPTIONS: process.env.WRAP ? "" : `--cpu-prof-md --cpu-prof-dir=${outDir} --cpu-prof-interval=200` };
const agent = startColdAgent(command, env, project);
const fs = scenario !== "disk";
await agent.request("initialize", { protocolVersion: 1, clientCapabilities: { fs: { readTextFile: fs, writeTextFile: fs } } });
const { sessionId } = (await agent.request("session/new", { cwd: project, mcpServers: [] })) as { sessionId: string };
const started = performance.now();
const prompts = Number(process.env.PROMPTS ?? 1);
for (let i = 0; i < prompts; i++) await agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: scenario === "stream" ? "stream" : "tools" }] });
console.log(`${prompts} prompt(s): ${(performance.now() - started).toFixed(0)} ms; profile in ${outDir}`);
await agent.close();
await server.stop();
await rm(work, { recursive: true, force: true });
