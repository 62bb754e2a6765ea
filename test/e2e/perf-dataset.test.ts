/**
 * Perf and dataset commands from the built binary: waiting for a person is apart from tool time
 * and refusals apart from failures; the sample teaches the real tools; export's flags; and
 * --min-python finds a Python new enough (python3.Y) or says none is.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allowOnce, openSession, rejectOnce } from "../../src/testing/acp-client.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { editFileTool } from "../../src/tools/edit-file.ts";
import { runPunie, sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

const punie = (args: string[], env: Record<string, string | undefined> = {}) => runPunie(t.box, args, { env });

const write = (id: string, path: string) => ({ toolCalls: [{ id, name: "write_file", arguments: { path, content: `${path}\n` } }] });

describe("punie perf", () => {
  test("the minutes a person takes to answer are 'waiting for you', not tool time; a refusal is no failure", async () => {
    t.server = await startScriptedServer({ script: [write("a", "a.txt"), write("b", "b.txt"), { text: "done" }] });
    let answered = 0;
    const agent = await startPunie(t.box, ["--model", `${t.server.url}/m`], {
      // The person thinks 600 ms before allowing the first write and 200 ms before refusing the second.
      permission: async (request) => {
        answered++;
        await Bun.sleep(answered === 1 ? 600 : 200);
        return answered === 1 ? allowOnce(request) : rejectOnce(request);
      },
    });
    try {
      const { sessionId } = await openSession(agent, t.box.project);
      await agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "write two files" }] });
    } finally {
      await agent.close();
    }
    const result = await punie(["perf", "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    const tool = summary.tools.find((t: { name: string }) => t.name === "write_file");
    expect(tool).toMatchObject({ count: 2, refusals: 1, failures: 0, failureRate: 0 });
    expect(tool.waitMs).toBeGreaterThanOrEqual(800);
    expect(summary.waitMs).toBeGreaterThanOrEqual(800);
    // The allowed write took milliseconds once its 600 ms wait is taken out.
    expect(tool.p50Ms).toBeLessThan(500);
    expect(summary.toolMs).toBeLessThan(500);
    const table = await punie(["perf"]);
    expect(table.stdout).toMatch(/waiting for you \d/);
    expect(table.stdout).toMatch(/write_file\s+ide\s+2\s+1\s+0%/);
  });
});

describe("punie dataset download sample", () => {
  test("every edit_file call passes the real tool's parameters, and the dataset validates", async () => {
    const out = join(t.box.project, "sample");
    expect((await punie(["dataset", "download", "sample", "-o", out])).code).toBe(0);
    let edits = 0;
    for (const split of ["train", "valid", "test"]) {
      for (const line of readFileSync(join(out, `${split}.jsonl`), "utf8").trim().split("\n")) {
        for (const message of JSON.parse(line).messages) {
          for (const call of message.tool_calls ?? []) {
            if (call.function.name !== "edit_file") continue;
            edits++;
            expect(editFileTool.parameters.safeParse(JSON.parse(call.function.arguments)).success).toBe(true);
          }
        }
      }
    }
    expect(edits).toBeGreaterThan(0);
    expect((await punie(["dataset", "validate", out])).code).toBe(0);
  });
});

describe("punie dataset export", () => {
  /** One ACP session of two prompts with a scripted model (not the test model). */
  async function recordTwoPrompts(): Promise<void> {
    t.server = await startScriptedServer({ script: [{ text: "The first answer is here." }, { text: "The second answer is here." }] });
    const agent = await startPunie(t.box, ["--model", `${t.server.url}/m`]);
    try {
      const { sessionId } = await openSession(agent, t.box.project);
      for (const text of ["first question", "second question"]) await agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
    } finally {
      await agent.close();
    }
  }
  const users = (path: string) =>
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line).messages as { role: string; content: string }[]).filter((m) => m.role === "user").map((m) => m.content));

  test("earlier turns come along by default; --context turn and --max-tokens change that; -w picks the project", async () => {
    await recordTwoPrompts();
    const full = await punie(["dataset", "export", "-o", "full.jsonl", "-w", t.box.project, "--json"]);
    expect(JSON.parse(full.stdout)).toMatchObject({ turns: 2, exported: 2 });
    expect(users(join(t.box.project, "full.jsonl"))).toEqual([["first question"], ["first question", "second question"]]);

    expect((await punie(["dataset", "export", "-o", "turn.jsonl", "--context", "turn"])).code).toBe(0);
    expect(users(join(t.box.project, "turn.jsonl"))).toEqual([["first question"], ["second question"]]);

    const tight = await punie(["dataset", "export", "-o", "tight.jsonl", "--max-tokens", "20", "--json"]);
    expect(JSON.parse(tight.stdout)).toMatchObject({ exported: 0, skipped: { "over --max-tokens 20": 2 } });

    // A real tokenizer counts instead of characters / 4: a generous budget keeps the context.
    const tokenizer = join(import.meta.dir, "..", "fixtures", "dataset", "tokenizer", "tokenizer.json");
    const counted = await punie(["dataset", "export", "-o", "tok.jsonl", "--tokenizer", tokenizer, "--max-tokens", "100000", "--json"]);
    expect(JSON.parse(counted.stdout)).toMatchObject({ exported: 2 });
    expect(users(join(t.box.project, "tok.jsonl"))).toEqual([["first question"], ["first question", "second question"]]);
    const missing = await punie(["dataset", "export", "-o", "m.jsonl", "--tokenizer", "missing.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--tokenizer missing.json: not found");

    const elsewhere = await punie(["dataset", "export", "-o", "none.jsonl", "-w", join(t.box.project, ".."), "--json"]);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ turns: 0 });
    expect((await punie(["dataset", "export", "-o", "x.jsonl", "--context", "all"])).code).toBe(2);
  });

  test("punie ask sessions of the offline test model are found by -w and skipped unless --include-test-model", async () => {
    expect((await punie(["ask", "-m", "test", "say hello"])).code).toBe(0);
    const plain = JSON.parse((await punie(["dataset", "export", "-o", "a.jsonl", "-w", ".", "--json"])).stdout);
    expect(plain).toMatchObject({ turns: 1, exported: 0, skipped: { "test model (--include-test-model keeps it)": 1 } });
    const kept = JSON.parse((await punie(["dataset", "export", "-o", "b.jsonl", "-w", ".", "--include-test-model", "--json"])).stdout);
    expect(kept.skipped["test model (--include-test-model keeps it)"]).toBeUndefined();
    expect(kept.turns).toBe(1);
  });
});

const realPython = Bun.which("python3");

describe.skipIf(!realPython)("dataset filter --min-python", () => {
  /** A folder for PATH: `python3` claims 3.<minor - 1> (too old); optionally `python3.<minor>` is the real one. */
  function fakePythons(withVersioned: boolean): { bin: string; minor: number } {
    // The interpreter itself, not a shim (pyenv's needs its own PATH).
    const probe = Bun.spawnSync([realPython!, "-c", "import sys; print(sys.version_info[1], sys.executable)"]);
    const [minorText, executable] = probe.stdout.toString().trim().split(" ");
    const minor = Number(minorText);
    const bin = join(t.box.project, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "python3"), `#!/bin/sh\necho 3.${minor - 1}\n`);
    chmodSync(join(bin, "python3"), 0o755);
    if (withVersioned) {
      writeFileSync(join(bin, `python3.${minor}`), `#!/bin/sh\nexec ${executable} "$@"\n`);
      chmodSync(join(bin, `python3.${minor}`), 0o755);
    }
    return { bin, minor };
  }
  const input = () => {
    const path = join(t.box.project, "in.jsonl");
    writeFileSync(path, `${JSON.stringify({ messages: [{ role: "user", content: "add" }, { role: "assistant", content: "```python\ndef add(a, b):\n    return a + b\n```" }] })}\n`);
    return path;
  };

  test("a python3 too old is passed over for python3.Y on PATH", async () => {
    const { bin, minor } = fakePythons(true);
    const result = await punie(["dataset", "filter", input(), "-o", "out.jsonl", "--min-python", `3.${minor}`, "--json"], { PATH: bin, PUNIE_PYTHON: undefined });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kept: 1, removed: 0, pythonParser: `3.${minor}` });
  });

  test("with none new enough it stops with one clear line and writes nothing", async () => {
    const { bin, minor } = fakePythons(false);
    const result = await punie(["dataset", "filter", input(), "-o", "out.jsonl", "--min-python", `3.${minor}`], { PATH: bin, PUNIE_PYTHON: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--min-python 3.${minor}: Python 3.${minor} or newer is needed and ${join(bin, "python3")} (python3 on PATH) is Python 3.${minor - 1}`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(t.box.project, "out.jsonl"))).toBe(false);
  });
});
