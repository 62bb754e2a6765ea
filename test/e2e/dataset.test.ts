/**
 * Dataset commands from the built binary: the worker-thread path inside the compiled executable,
 * and the flywheel — an accepted IDE session exported as training data that validate accepts.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openSession } from "../../src/testing/acp-client.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, type Sandbox, sandbox, startPunie } from "./harness.ts";

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function punie(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawnSync([...(await agentCommand()), ...args], { cwd: box.project, env: { ...process.env, PUNIE_HOME: box.home, ...env } });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("punie dataset from the binary", () => {
  test("validate and stats give the same answer on one thread and with a worker thread", async () => {
    const data = join(box.project, "data");
    expect((await punie(["dataset", "download", "sample", "-o", data])).code).toBe(0);
    for (const command of ["validate", "stats"]) {
      const single = await punie(["dataset", command, data, "--json"], { PUNIE_DATASET_THREADS: "1" });
      const threaded = await punie(["dataset", command, data, "--json"], { PUNIE_DATASET_THREADS: "2", PUNIE_DATASET_PARALLEL_MIN_BYTES: "1" });
      expect(threaded.stderr).not.toContain("worker failed");
      expect(threaded.code).toBe(single.code);
      expect(JSON.parse(threaded.stdout)).toEqual(JSON.parse(single.stdout));
    }
  });

  test("an accepted IDE session becomes a tools-format example that validate accepts", async () => {
    const server = await startScriptedServer({
      script: [{ toolCalls: [{ id: "r", name: "read_file", arguments: { path: "calculator.py" } }] }, { text: "It adds and divides." }],
    });
    try {
      const agent = await startPunie(box, ["--model", `${server.url}/m`]);
      try {
        const { sessionId } = await openSession(agent, box.project);
        await agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "What does calculator.py do?" }] });
      } finally {
        await agent.close();
      }
    } finally {
      await server.stop();
    }
    const out = join(box.project, "mine.jsonl");
    const exported = await punie(["dataset", "export", "-o", out]);
    expect(exported.code).toBe(0);
    const [example] = (await Bun.file(out).text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(example.tools.map((t: { function: { name: string } }) => t.function.name)).toContain("read_file");
    expect(example.messages[0].role).toBe("system");
    expect(example.messages.some((m: { role: string }) => m.role === "tool")).toBe(true);
    expect(example.messages.at(-1)).toMatchObject({ role: "assistant", content: "It adds and divides." });
    const validated = await punie(["dataset", "validate", out, "--batch-size", "1"]);
    expect(validated.code).toBe(0);
  });
});
