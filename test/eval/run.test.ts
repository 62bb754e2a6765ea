import { describe, expect, test } from "bun:test";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { runEval } from "../../src/eval/run-eval.ts";
import { defaultStorePath, getSession, listSessions, listToolTimings, listTurnTimings, openStore } from "../../src/store/index.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { byPrompt, evalOptions, evalSandboxEachTest, promptOf } from "./helpers.ts";

const t = evalSandboxEachTest();

async function writeSuite(text: string): Promise<string> {
  await mkdir(join(t.box.dir, "fixture"), { recursive: true });
  await Bun.write(join(t.box.dir, "fixture", "calc.py"), "def divide(a, b):\n    return a * b\n");
  const file = join(t.box.dir, "suite.yaml");
  await Bun.write(file, text);
  return file;
}

const FIX_SUITE = `
name: fix
prompts:
  - id: fix
    category: edit
    prompt: "FIX: divide multiplies. Fix calc.py."
    workspace: fixture
    expect:
      tools:
        - name: edit_file
          args: {path: calc.py}
      keywords: [divide]
      check: grep -q "a / b" calc.py
`;

const editCall = (path: string) => ({ name: "edit_file", arguments: { path, old_text: "a * b", new_text: "a / b" } });

describe("scores from what the agent really did", () => {
  test("a run that does the job scores 1.0; one that does not scores low on each part", async () => {
    const suite = await writeSuite(FIX_SUITE);
    t.server = await startScriptedServer({ script: byPrompt({ FIX: [{ toolCalls: [editCall("./calc.py")] }, { text: "Fixed divide." }] }) });
    const good = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m`, json: true }));
    expect(good.code).toBe(0);
    const prompt = good.summary.prompts[0];
    expect(prompt?.parts).toEqual({ tools: 1, keywords: 1, check: 1 });
    expect(prompt?.score).toBe(1);
    expect(good.summary.successRate).toBe(1);
    await t.server.stop();

    // Edits the wrong file, says nothing useful: every part drops.
    t.server = await startScriptedServer({
      script: byPrompt({ FIX: [{ toolCalls: [{ name: "write_file", arguments: { path: "notes.txt", content: "a / b" } }] }, { text: "I wrote a note." }] }),
    });
    const bad = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }));
    expect(bad.summary.prompts[0]?.parts).toEqual({ tools: 0, keywords: 0, check: 0 });
    expect(bad.summary.score).toBe(0);
  });

  test("a tool call sent as text counts, and is labelled text", async () => {
    const suite = await writeSuite(FIX_SUITE);
    const text = `<tool_call>${JSON.stringify(editCall("calc.py"))}</tool_call>`;
    t.server = await startScriptedServer({ script: byPrompt({ FIX: [{ text }, { text: "Fixed divide." }] }) });
    const options = evalOptions(t.box, { suite, model: `local:${t.server.url}/m`, json: true });
    const { summary } = await runEval(options);
    expect(summary.prompts[0]?.score).toBe(1);
    expect(summary.prompts[0]?.toolCalls.map((call) => [call.name, call.format])).toEqual([["edit_file", "text"]]);
    const printed = JSON.parse(options.out.text);
    expect(printed.prompts[0].toolCalls[0]).toMatchObject({ name: "edit_file", arguments: { path: "calc.py" }, format: "text" });
  });

  test("prompts never see each other's files", async () => {
    const suite = await writeSuite(`
name: isolation
prompts:
  - id: writer
    prompt: "WRITER: write secret.txt"
    workspace: fixture
    expect: {check: test -f secret.txt}
  - id: reader
    prompt: "READER: is there a secret?"
    workspace: fixture
    expect: {check: test ! -e secret.txt}
`);
    // The reader looks only after the writer's file exists (the writer's second request).
    const written = Promise.withResolvers<void>();
    const route = byPrompt({
      WRITER: [{ toolCalls: [{ name: "write_file", arguments: { path: "secret.txt", content: "s3cret" } }] }, { text: "Written." }],
      READER: [{ toolCalls: [{ name: "read_file", arguments: { path: "secret.txt" } }] }, { text: "No." }],
    });
    t.server = await startScriptedServer({
      script: async (request) => {
        const { prompt, step } = promptOf(request);
        if (prompt.includes("WRITER") && step === 1) written.resolve();
        if (prompt.includes("READER") && step === 0) await written.promise;
        return route(request);
      },
    });
    // Concurrency 2: both copies exist at the same time.
    const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m`, concurrency: 2 }));
    const byId = Object.fromEntries(summary.prompts.map((prompt) => [prompt.id, prompt]));
    expect(byId.writer?.score).toBe(1);
    expect(byId.reader?.score).toBe(1);
    expect(byId.reader?.toolCalls[0]?.status).toBe("failed");
    // The fixture itself is untouched.
    expect(await Bun.file(join(t.box.dir, "fixture", "secret.txt")).exists()).toBe(false);
  });
});

test("each prompt is a recorded session of source eval, kept out of perf totals", async () => {
  const suite = await writeSuite(FIX_SUITE);
  t.server = await startScriptedServer({ script: byPrompt({ FIX: [{ toolCalls: [editCall("calc.py")] }, { text: "Fixed divide." }] }) });
  const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }));
  const store = openStore({ path: defaultStorePath({ PUNIE_HOME: t.box.home }) });
  try {
    const sessionId = summary.prompts[0]?.sessionId ?? "";
    expect(getSession(store!, sessionId)?.source).toBe("eval");
    expect(listSessions(store!, { limit: 10 }).sessions.map((session) => session.id)).toEqual([sessionId]);
    expect(listSessions(store!, { limit: 10, excludeSource: "eval" }).sessions).toEqual([]);
    expect(listTurnTimings(store!)).toEqual([]);
    expect(listToolTimings(store!)).toEqual([]);
  } finally {
    store?.close();
  }
});

describe("model failures", () => {
  const TWO = `
name: two
prompts:
  - {id: first, prompt: "FIRST task", expect: {keywords: [ok]}}
  - {id: second, prompt: "SECOND task", expect: {keywords: [ok]}}
`;

  test("a model failure scores 0 with its error kept, and the run goes on", async () => {
    const suite = await writeSuite(TWO);
    t.server = await startScriptedServer({ script: byPrompt({ FIRST: [{ kind: "http_error", status: 500 }], SECOND: [{ text: "ok" }] }) });
    const { code, summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }));
    expect(code).toBe(0);
    expect(summary.prompts.map((prompt) => [prompt.id, prompt.score])).toEqual([["first", 0], ["second", 1]]);
    expect(summary.prompts[0]?.error).toContain("500");
    expect(summary.score).toBe(0.5);
  });

  test("when every prompt fails on model errors the run exits 1 with that error", async () => {
    const suite = await writeSuite(TWO);
    t.server = await startScriptedServer({ script: [] });
    const url = t.server.url;
    await t.server.stop();
    t.server = null;
    const options = evalOptions(t.box, { suite, model: `local:${url}/m` });
    const { code, summary } = await runEval(options);
    expect(code).toBe(1);
    expect(summary.status).toBe("failed");
    expect(options.err.text).toMatch(/^punie eval: every prompt failed on a model error: .*127\.0\.0\.1/m);
  });

  test("a prompt over --timeout scores 0 as timed out", async () => {
    const suite = await writeSuite(TWO);
    t.server = await startScriptedServer({ script: byPrompt({ FIRST: [{ kind: "hang" }], SECOND: [{ text: "ok" }] }) });
    const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m`, timeoutMs: 500 }));
    expect(summary.prompts[0]).toMatchObject({ id: "first", score: 0, stopReason: "timeout", error: "Timed out after 1 s." });
    expect(summary.prompts[1]?.score).toBe(1);
  });
});

describe("exit codes and repeats", () => {
  const HALF = `
name: half
prompts:
  - {id: yes, prompt: "YES", expect: {keywords: [alpha, beta]}}
`;

  test("--min-score: exit 1 below it, 0 at or above it", async () => {
    const suite = await writeSuite(HALF);
    t.server = await startScriptedServer({ script: byPrompt({ YES: [{ text: "alpha only" }] }) });
    const model = `local:${t.server.url}/m`;
    const below = evalOptions(t.box, { suite, model, minScore: 0.6 });
    expect((await runEval(below)).code).toBe(1);
    expect(below.err.text).toContain("below --min-score 0.6");
    expect((await runEval(evalOptions(t.box, { suite, model, minScore: 0.5 }))).code).toBe(0);
  });

  test("--repeat reports the mean and standard deviation per prompt", async () => {
    const suite = await writeSuite(HALF);
    let calls = 0;
    t.server = await startScriptedServer({ script: () => ({ text: calls++ % 2 === 0 ? "alpha beta" : "nothing" }) });
    const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m`, repeat: 2 }));
    expect(summary.prompts[0]).toMatchObject({ score: 0.5, runs: 2, scoreStdev: 0.5 });
    expect(summary.successRate).toBe(0.5);
  });

  test("an invalid suite fails before any model request", async () => {
    const suite = await writeSuite("name: bad\nprompts:\n  - id: p1\n    prompt: x\n    expect: {tools: [{name: 3}]}\n");
    t.server = await startScriptedServer({ script: [] });
    await expect(runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }))).rejects.toThrow(/suite\.yaml: prompt "p1": expect\.tools\[0\]\.name: /);
    expect(t.server.requests).toHaveLength(0);
  });
});
