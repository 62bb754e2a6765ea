/**
 * No orphans, whatever the signal, from the built binary: `punie ask` and the ACP agent each run a
 * background terminal and a foreground command, both of which start a child of their own; after
 * SIGTERM, SIGHUP or SIGKILL of punie none of the four processes is left (after SIGKILL, within
 * a second: the reaper).
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openSession } from "../../src/testing/acp-client.ts";
import { type ScriptedServer, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

const PID_FILES = ["bg.pid", "bg-child.pid", "fg.pid", "fg-child.pid"];

async function scriptCommands(): Promise<ScriptedServer> {
  t.server = await startScriptedServer({
    script: [
      {
        toolCalls: [
          { id: "bg", name: "run_command", arguments: { command: "sleep 300 & echo $! > bg-child.pid; echo $$ > bg.pid; wait", background: true } },
          { id: "fg", name: "run_command", arguments: { command: "sleep 300 & echo $! > fg-child.pid; echo $$ > fg.pid; wait" } },
        ],
      },
      { text: "done" },
    ],
    models: ["coder"],
  });
  return t.server;
}

async function commandPids(): Promise<number[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const texts = await Promise.all(PID_FILES.map((name) => Bun.file(join(t.box.project, name)).text().catch(() => "")));
    if (texts.every((text) => text.trim() !== "")) return texts.map((text) => Number(text.trim()));
    if (Date.now() > deadline) throw new Error(`the commands did not start: ${JSON.stringify(texts)}`);
    await Bun.sleep(20);
  }
}

/** Running means not gone and not a zombie (a container's init may never reap them). */
function running(pid: number): boolean {
  const ps = Bun.spawnSync(["ps", "-o", "stat=", "-p", String(pid)], { stdout: "pipe", stderr: "ignore" });
  const stat = ps.stdout.toString().trim();
  return stat !== "" && !stat.startsWith("Z");
}

/** Milliseconds until none of `pids` runs, or null when some still run after `withinMs`. */
async function goneWithin(pids: number[], withinMs: number): Promise<number | null> {
  const started = Date.now();
  while (pids.some(running)) {
    if (Date.now() - started > withinMs) return null;
    await Bun.sleep(20);
  }
  return Date.now() - started;
}

const SIGNALS = ["SIGTERM", "SIGHUP", "SIGKILL"] as const;
const EXIT_CODES = { SIGTERM: 143, SIGHUP: 129 } as const;

describe("punie ask: no command outlives it", () => {
  for (const signal of SIGNALS) {
    test(`${signal}`, async () => {
      const model = await scriptCommands();
      const proc = Bun.spawn([...(await agentCommand()), "ask", "--yes", "--model", `${model.url}/coder`, "run them"], {
        cwd: t.box.project,
        env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
        stdin: "ignore",
        stdout: "ignore",
        stderr: "ignore",
      });
      const pids = await commandPids();
      expect(pids.every(running)).toBe(true);
      proc.kill(signal);
      const code = await proc.exited;
      if (signal === "SIGKILL") expect(proc.signalCode).toBe("SIGKILL");
      else expect(code).toBe(EXIT_CODES[signal]);
      const left = await goneWithin(pids, signal === "SIGKILL" ? 1000 : 3000);
      if (left === null) for (const pid of pids) if (running(pid)) process.kill(pid, "SIGKILL");
      expect(left).not.toBeNull();
    }, 30_000);
  }
});

describe("the ACP agent: no command outlives it", () => {
  for (const signal of SIGNALS) {
    test(`${signal}`, async () => {
      const model = await scriptCommands();
      const punie = await startPunie(t.box, ["--model", `${model.url}/coder`], { env: { PUNIE_MODEL_RETRIES: "0" } });
      try {
        // No terminal capability: the commands run as Punie's own processes.
        const { sessionId } = await openSession(punie, t.box.project, { fs: { readTextFile: true, writeTextFile: true } });
        void punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "run them" }] }).catch(() => {});
        const pids = await commandPids();
        expect(pids.every(running)).toBe(true);
        punie.process.kill(signal);
        await punie.process.exited;
        const left = await goneWithin(pids, signal === "SIGKILL" ? 1000 : 3000);
        if (left === null) for (const pid of pids) if (running(pid)) process.kill(pid, "SIGKILL");
        expect(left).not.toBeNull();
      } finally {
        await punie.close();
      }
    }, 30_000);
  }
});
