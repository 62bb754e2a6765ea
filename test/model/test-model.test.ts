import { describe, expect, test } from "bun:test";
import { nextAction, planFromPrompt } from "../../src/model/test-model-plan.ts";
import { createTestModel } from "../../src/model/test-model.ts";
import type { ChatMessage, Model, ModelEvent, ToolCallRequest, ToolSpec } from "../../src/model/types.ts";

const spec = (name: string): ToolSpec => ({ name, description: name, parameters: { type: "object" } });
const allTools = [spec("read_file"), spec("write_file"), spec("run_command")];

type Reply = { text: string; calls: ToolCallRequest[]; finish: string | undefined; chunks: number };

async function ask(model: Model, messages: ChatMessage[], tools = allTools): Promise<Reply> {
  const events: ModelEvent[] = [];
  for await (const event of model.stream({ messages, tools, signal: new AbortController().signal })) events.push(event);
  const texts = events.flatMap((event) => (event.type === "text" ? [event.text] : []));
  return {
    text: texts.join(""),
    chunks: texts.length,
    calls: events.flatMap((event) => (event.type === "tool_call" ? [event.call] : [])),
    finish: events.findLast((event) => event.type === "finish")?.reason,
  };
}

/** Plays the agent loop: answers each tool call with `results(call)` until the model answers. */
async function drive(prompt: string, results: (call: ToolCallRequest) => string, tools = allTools) {
  const model = createTestModel();
  const messages: ChatMessage[] = [
    { role: "system", content: "You are Punie. Files like system.md in instructions are not the prompt." },
    { role: "user", content: prompt },
  ];
  const calls: Array<{ name: string; args: Record<string, unknown>; id: string }> = [];
  for (let request = 0; request < 20; request++) {
    const reply = await ask(model, messages, tools);
    if (reply.calls.length === 0) return { calls, answer: reply };
    expect(reply.calls.length).toBe(1);
    expect(reply.finish).toBe("tool_calls");
    messages.push({ role: "assistant", content: reply.text, tool_calls: reply.calls });
    for (const call of reply.calls) {
      calls.push({ name: call.name, args: JSON.parse(call.arguments), id: call.id });
      messages.push({ role: "tool", tool_call_id: call.id, content: results(call) });
    }
  }
  throw new Error("the test model never answered");
}

describe("test model", () => {
  test("reads the files the prompt names, runs backticked commands, then reports what it found", async () => {
    const { calls, answer } = await drive("Look at src/app.py and README.md, then run `python -m pytest -q`.", (call) => {
      const args = JSON.parse(call.arguments);
      if (call.name === "read_file") return args.path === "README.md" ? "# Demo project\n\nIt demos.\n" : "import os\nprint(os.getcwd())";
      return "Exit code: 1\n1 failed, 2 passed\nE assert 1 == 2";
    });
    expect(calls.map(({ name, args }) => [name, args])).toEqual([
      ["read_file", { path: "src/app.py" }],
      ["read_file", { path: "README.md" }],
      ["run_command", { command: "python -m pytest -q" }],
    ]);
    expect(calls.map((call) => call.id)).toEqual(["test_call_1", "test_call_2", "test_call_3"]);
    expect(answer.finish).toBe("stop");
    expect(answer.chunks).toBeGreaterThan(2);
    expect(answer.text.split("\n")[0]).toContain("Punie's offline test model (no AI)");
    expect(answer.text).toContain("src/app.py: 2 lines; the first is: import os");
    expect(answer.text).toContain("README.md: 3 lines; the first is: # Demo project");
    expect(answer.text).toContain("`python -m pytest -q`: Exit code: 1");
    expect(answer.text).toContain("1 failed, 2 passed");
  });

  test("writes a file given in a code block, then runs it", async () => {
    const prompt = "Please write hello.py:\n```python\nprint('hello')\n```\nand then run `python hello.py`.";
    const { calls, answer } = await drive(prompt, (call) => (call.name === "write_file" ? "Wrote hello.py (1 line)." : "Exit code: 0\nhello"));
    expect(calls.map(({ name, args }) => [name, args])).toEqual([
      ["write_file", { path: "hello.py", content: "print('hello')\n" }],
      ["run_command", { command: "python hello.py" }],
    ]);
    expect(answer.text).toContain("Wrote hello.py.");
    expect(answer.text).toContain("`python hello.py`: Exit code: 0\n    hello");
  });

  test("reports refusals and failures plainly", async () => {
    const prompt = "create notes.md\n```\n# Notes\n```\nread missing.txt and run `rm -rf build`";
    const { answer } = await drive(prompt, (call) => {
      if (call.name === "read_file") return "Error: File not found: missing.txt";
      return "Permission denied: The user rejected this action.";
    });
    expect(answer.text).toContain("Writing notes.md was refused");
    expect(answer.text).toContain("Could not read missing.txt: Error: File not found: missing.txt");
    expect(answer.text).toContain("Running `rm -rf build` was refused");
  });

  test("uses only the tools it is offered", async () => {
    const { calls, answer } = await drive("read app.py and run `ls`", () => "x", [spec("read_file")]);
    expect(calls.map((call) => call.name)).toEqual(["read_file"]);
    expect(answer.text).toContain("Could not run command `ls`: the tool is not available here.");
  });

  test("with no tools and nothing to do it just answers, saying what it is", async () => {
    const reply = await ask(createTestModel(), [{ role: "user", content: "hello there" }], []);
    expect(reply.calls).toEqual([]);
    expect(reply.finish).toBe("stop");
    expect(reply.text).toContain("offline test model");
    expect(reply.text).toContain("nothing to do");
  });

  test("ends quietly when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const events: ModelEvent[] = [];
    for await (const event of createTestModel().stream({ messages: [{ role: "user", content: "read a.py" }], tools: allTools, signal: controller.signal })) {
      events.push(event);
    }
    expect(events).toEqual([]);
  });
});

describe("planFromPrompt", () => {
  test.each([
    ["read src/app.py, ./lib/util.ts and README.md.", [["read_file", "src/app.py"], ["read_file", "./lib/util.ts"], ["read_file", "README.md"]]],
    ["run `ls -la` and `npm test`", [["run_command", "ls -la"], ["run_command", "npm test"]]],
    ["open `src/main.py` please", [["read_file", "src/main.py"]]],
    ["no files here, e.g. version 1.2.3 or /etc/passwd.txt", []],
    ["see https://example.com/page.html", []],
    ["Which file defines `parse_config`? Search for it.", [["search_text", "parse_config"]]],
    ["List the files in app/web/ and tell me which holds the routes.", [["list_files", "app/web"]]],
    ["Start `python3 server.py` in the background and wait for it.", [["run_command", "python3 server.py"]]],
  ])("%j", (prompt, expected) => {
    expect(planFromPrompt(prompt).map((action) => [action.tool, Object.values(action.args)[0]])).toEqual(expected);
  });

  test("a command started in the background is waited for next, by its terminal id", () => {
    const plan = planFromPrompt("Start `python3 server.py` in the background, then read notes.md.");
    expect(plan[1]).toEqual({ tool: "run_command", args: { command: "python3 server.py", background: true } });
    const started = { tool: "run_command", args: { command: "python3 server.py", background: true }, result: "Started in the background with terminal_id term-3. Use get_terminal_output, …" };
    const offered = new Set(["read_file", "run_command", "wait_for_terminal_exit"]);
    expect(nextAction(plan, [{ tool: "read_file", args: { path: "notes.md" }, result: "x" }, started], offered)).toEqual({ tool: "wait_for_terminal_exit", args: { terminal_id: "term-3" } });
  });

  test("a code block without a write instruction is not written", () => {
    expect(planFromPrompt("What does this do?\n```python\nprint(1)\n```")).toEqual([]);
  });
});
