/**
 * The built-in sample teaches Punie's real tools: every definition is the real tool's schema,
 * every call passes the real tool's zod parameters, and the Python in it compiles and does what
 * the conversation says (the recorded test runs are re-run here with python3).
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixedSource, SAMPLE_TOPICS, type SampleTopic, testNames } from "../../src/dataset/sample-topics.ts";
import { sampleDataset } from "../../src/dataset/sample.ts";
import { CORE_TOOLS, toolSpecs } from "../../src/tools/index.ts";
import { tempDir } from "../helpers/temp.ts";

type Call = { id: string; function: { name: string; arguments: string } };
type Row = { messages: { role: string; content: string | null; tool_calls?: Call[]; tool_call_id?: string }[]; tools?: { function: { name: string } }[] };

let sample: Promise<Row[]> | undefined;
const rows = () => (sample ??= sampleDataset().then((splits) => Object.values(splits).flat() as Row[]));
const python3 = Bun.which("python3");

describe("sample dataset: Punie's real tools", () => {
  test("the tool definitions are the real tools' schemas", async () => {
    const expected = toolSpecs(CORE_TOOLS).map((spec) => ({ type: "function", function: spec }));
    const toolRows = (await rows()).filter((row) => row.tools);
    expect(toolRows.length).toBeGreaterThan(0);
    for (const row of toolRows) expect(row.tools).toEqual(expected as never);
  });

  test("every tool call names a real tool and passes its zod parameters", async () => {
    let calls = 0;
    for (const row of await rows()) {
      for (const message of row.messages) {
        for (const call of message.tool_calls ?? []) {
          calls++;
          const tool = CORE_TOOLS.find((t) => t.name === call.function.name);
          expect(tool, call.function.name).toBeDefined();
          const parsed = tool!.parameters.safeParse(JSON.parse(call.function.arguments));
          expect(parsed.success, `${call.function.name} ${call.function.arguments}`).toBe(true);
          // Each call is answered by its tool message.
          expect(row.messages.some((m) => m.role === "tool" && m.tool_call_id === call.id)).toBe(true);
        }
      }
    }
    expect(calls).toBeGreaterThan(30);
  });

  test("edit_file is taught with old_text/new_text, the names the real tool takes", async () => {
    const edits = (await rows()).flatMap((row) => row.messages.flatMap((m) => m.tool_calls ?? [])).filter((c) => c.function.name === "edit_file");
    expect(edits.length).toBe(SAMPLE_TOPICS.length);
    for (const edit of edits) expect(Object.keys(JSON.parse(edit.function.arguments)).sort()).toEqual(["new_text", "old_text", "path"]);
  });

  test("each edit's old_text occurs exactly once in the file it edits", () => {
    for (const topic of SAMPLE_TOPICS) expect(topic.source.split(topic.oldText).length - 1, topic.module).toBe(1);
  });
});

type Outcome = { passed: number; failed: number };

/** Runs each topic's tests with python3 on the given source, all in one process: passes and failures. */
async function runTopicTests(python: string, jobs: { topic: SampleTopic; source: string }[]): Promise<Outcome[]> {
  const specs = jobs.map(({ topic, source }) => {
    const root = tempDir();
    mkdirSync(join(root, "src"));
    mkdirSync(join(root, "tests"));
    writeFileSync(join(root, "src", `${topic.module}.py`), source);
    writeFileSync(join(root, "tests", topic.testFile), topic.tests);
    return { root, test: join(root, "tests", topic.testFile), names: testNames(topic) };
  });
  // Each project gets a fresh `src` package: the modules of different topics must not mix.
  const harness = `
import importlib.util, json, sys
out = []
for job in json.load(sys.stdin):
    for name in [m for m in sys.modules if m == "src" or m.startswith("src.")]:
        del sys.modules[name]
    sys.path.insert(0, job["root"])
    spec = importlib.util.spec_from_file_location("under_test", job["test"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    passed = failed = 0
    for name in job["names"]:
        try:
            getattr(module, name)()
            passed += 1
        except Exception:
            failed += 1
    sys.path.remove(job["root"])
    out.append({"passed": passed, "failed": failed})
print(json.dumps(out))
`;
  const proc = Bun.spawn([python, "-I", "-B", "-c", harness], { stdin: new Blob([JSON.stringify(specs)]), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

function compiles(python: string, sources: string[]): string[] {
  const script = "import json, sys\nbad = []\nfor s in json.load(sys.stdin):\n    try:\n        compile(s, 'sample', 'exec')\n    except SyntaxError as e:\n        bad.append(str(e))\nprint(json.dumps(bad))";
  const proc = Bun.spawnSync([python, "-I", "-c", script], { stdin: new Blob([JSON.stringify(sources)]) });
  return JSON.parse(proc.stdout.toString());
}

describe("sample dataset: its Python is valid and true to what it claims", () => {
  test.skipIf(!python3)("every module, fix, test file, written file and ```python block compiles", async () => {
    const sources = SAMPLE_TOPICS.flatMap((t) => [t.source, fixedSource(t), t.tests]);
    for (const row of await rows()) {
      for (const message of row.messages) {
        for (const block of (message.content ?? "").matchAll(/```python\n([\s\S]*?)```/g)) sources.push(block[1] as string);
        for (const call of message.tool_calls ?? []) {
          const args = JSON.parse(call.function.arguments);
          if (call.function.name === "write_file" && String(args.path).endsWith(".py")) sources.push(args.content);
        }
      }
    }
    expect(sources.length).toBeGreaterThan(SAMPLE_TOPICS.length * 4);
    expect(compiles(python3!, sources)).toEqual([]);
  });

  test.skipIf(!python3)("each bug makes a test fail, each fix makes them all pass, as the recorded run says", async () => {
    const all = await rows();
    const outcomes = await runTopicTests(python3!, SAMPLE_TOPICS.flatMap((topic) => [{ topic, source: topic.source }, { topic, source: fixedSource(topic) }]));
    for (const [i, topic] of SAMPLE_TOPICS.entries()) {
      const before = outcomes[2 * i] as Outcome;
      const after = outcomes[2 * i + 1] as Outcome;
      expect(before.failed, `${topic.module} before the fix`).toBeGreaterThan(0);
      expect(after, `${topic.module} after the fix`).toEqual({ passed: testNames(topic).length, failed: 0 });
      // Every recorded run of this topic's tests reports exactly that count.
      const runs = all.flatMap((row) => {
        const calls = row.messages.flatMap((m) => m.tool_calls ?? []).filter((c) => c.function.name === "run_command" && c.function.arguments.includes(topic.testFile));
        return calls.map((c) => row.messages.find((m) => m.tool_call_id === c.id)?.content ?? "");
      });
      expect(runs.length, topic.module).toBeGreaterThan(0);
      for (const output of runs) expect(output).toContain(`\n${after.passed} passed in`);
    }
  }, 30_000);
});
