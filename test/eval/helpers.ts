/** Eval tests: a temp folder with suites and a private PUNIE_HOME, and a scripted server routed by prompt. */
import { afterEach, beforeEach } from "bun:test";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvalOptions } from "../../src/eval/run-eval.ts";
import type { ScriptedReply, ScriptedRequest, ScriptedServer } from "../../src/testing/scripted-server.ts";

export type EvalSandbox = { dir: string; home: string; cleanup(): Promise<void> };

export async function evalSandbox(): Promise<EvalSandbox> {
  const dir = await mkdtemp(join(tmpdir(), "punie-eval-test-"));
  const home = join(dir, "home");
  await mkdir(home);
  return { dir, home, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The request's prompt (first user message) and how many replies it already had (its step). */
export function promptOf(request: ScriptedRequest): { prompt: string; step: number } {
  const messages = request.messages ?? [];
  const prompt = String(messages.find((message) => message.role === "user")?.content ?? "");
  return { prompt, step: messages.filter((message) => message.role === "assistant").length };
}

/** Replies per prompt (matched by a word it contains), one per step; "Done." after the last. */
export function byPrompt(routes: Record<string, ScriptedReply[]>): (request: ScriptedRequest) => ScriptedReply {
  return (request) => {
    const { prompt, step } = promptOf(request);
    const key = Object.keys(routes).find((word) => prompt.includes(word));
    return (key ? routes[key]?.[step] : undefined) ?? { text: "Done." };
  };
}

export function collectingWriter(): { text: string; write(chunk: string): boolean } {
  return {
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/** Options for runEval with quiet writers, a private home and short model retries. */
export function evalOptions(box: EvalSandbox, overrides: Partial<EvalOptions>): EvalOptions & { err: ReturnType<typeof collectingWriter>; out: ReturnType<typeof collectingWriter> } {
  return {
    concurrency: 1,
    repeat: 1,
    timeoutMs: 30_000,
    json: false,
    keep: false,
    env: { ...process.env, PUNIE_HOME: box.home, PUNIE_MODEL: undefined, PUNIE_MODEL_RETRIES: "0", PUNIE_CONNECT_TIMEOUT_MS: "2000" },
    cwd: box.dir,
    signal: new AbortController().signal,
    ...overrides,
    err: collectingWriter(),
    out: collectingWriter(),
  };
}

/** A fresh sandbox per test, removed after it together with the test's scripted server. */
export function evalSandboxEachTest(): { readonly box: EvalSandbox; server: ScriptedServer | null } {
  const state: { box: EvalSandbox; server: ScriptedServer | null } = { box: null as unknown as EvalSandbox, server: null };
  beforeEach(async () => {
    state.box = await evalSandbox();
  });
  afterEach(async () => {
    await state.server?.stop();
    state.server = null;
    await state.box.cleanup();
  });
  return state;
}
