/** Shared set-up for end-to-end tests: the built binary, a temp project, a private PUNIE_HOME. */
import { afterEach, beforeEach } from "bun:test";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentProcess, type AgentProcessOptions, startAgentProcess } from "../../src/testing/acp-client.ts";
import type { ScriptedServer } from "../../src/testing/scripted-server.ts";

export const ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(ROOT, "dist", "punie");

/** For tests that wait on real time (prefill delays, commands, database polls): generous on a busy machine. */
export const E2E_TIMEOUT_MS = 30_000;

/** The agent under test: dist/punie (CI builds it first); PUNIE_E2E_SOURCE=1 runs the sources. */
export async function agentCommand(): Promise<string[]> {
  if (process.env.PUNIE_E2E_SOURCE === "1") return [process.execPath, join(ROOT, "src", "main.ts")];
  if (!(await Bun.file(BINARY).exists())) throw new Error("dist/punie is missing: run `bun run build` before the end-to-end tests");
  return [BINARY];
}

export type Sandbox = { project: string; home: string; cleanup(): Promise<void> };

/** A temp copy of examples/demo-project (or an empty folder) and a private PUNIE_HOME. */
export async function sandbox(copyDemo = true): Promise<Sandbox> {
  const base = await mkdtemp(join(tmpdir(), "punie-e2e-"));
  const project = join(base, "project");
  const home = join(base, "home");
  if (copyDemo) await cp(join(ROOT, "examples", "demo-project"), project, { recursive: true });
  else await Bun.write(join(project, ".keep"), "");
  return { project, home, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export async function startPunie(
  box: Sandbox,
  args: string[],
  options: Omit<AgentProcessOptions, "command"> = {},
): Promise<AgentProcess> {
  return startAgentProcess({
    ...options,
    command: [...(await agentCommand()), ...args],
    cwd: box.project,
    env: { PUNIE_HOME: box.home, PUNIE_MODEL: undefined, ...options.env },
  });
}

/** What the tests of a file read: this test's sandbox, and the scripted server it started (if any). */
export type TestSandbox = { readonly box: Sandbox; server: ScriptedServer | null };

/**
 * A fresh sandbox for each test — a copy of examples/demo-project, or an empty folder with
 * `copyDemo: false` — removed after it together with the scripted server the test put in `server`.
 *
 * @example
 * const t = sandboxEachTest({ copyDemo: false });
 * test("…", async () => {
 *   t.server = await startScriptedServer({ script: [{ text: "hi" }] });
 *   const punie = await startPunie(t.box, ["--model", `${t.server.url}/m`]);
 * });
 */
export function sandboxEachTest(options: { copyDemo?: boolean } = {}): TestSandbox {
  const state: { box: Sandbox; server: ScriptedServer | null } = { box: null as unknown as Sandbox, server: null };
  beforeEach(async () => {
    state.box = await sandbox(options.copyDemo ?? true);
  });
  afterEach(async () => {
    await state.server?.stop();
    state.server = null;
    await state.box.cleanup();
  });
  return state;
}

export type RunOptions = { env?: Record<string, string | undefined>; stdin?: string; cwd?: string };

/**
 * Runs one command of the binary in the sandbox, as a user in that project would (PUNIE_HOME and
 * HOME private, no model from the environment, no retries); stdin is closed unless given.
 */
export async function runPunie(box: Sandbox, args: string[], options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([...(await agentCommand()), ...args], {
    cwd: options.cwd ?? box.project,
    env: { ...process.env, PUNIE_HOME: box.home, HOME: box.home, PUNIE_MODEL: undefined, PUNIE_MODEL_RETRIES: "0", ...options.env },
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** Sends a text prompt and waits for its answer. */
export function promptText(punie: AgentProcess, sessionId: string, text: string) {
  return punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
}

/** Waits for something the agent does on its own time (polled; fails after 5 s naming `what`). */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
