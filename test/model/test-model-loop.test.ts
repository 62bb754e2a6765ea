/** The offline test model through the real agent loop and tools, on an in-memory workspace. */
import { expect, test } from "bun:test";
import { runTurn } from "../../src/agent/loop.ts";
import { createTestModel } from "../../src/model/test-model.ts";
import { allowAllGate } from "../../src/permissions/gate.ts";
import { CORE_TOOLS } from "../../src/tools/index.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";

test("reads, writes and runs through the real tools, then answers with what it found", async () => {
  const workspace = createMemoryWorkspace({
    files: { "README.md": "# Demo project\nA small demo.\n" },
    commands: (command, args) => ({ exitCode: 0, output: `ran ${[command, ...args].join(" ")}\n` }),
  });
  let text = "";
  const tools: string[] = [];
  const result = await runTurn({
    model: createTestModel(),
    tools: CORE_TOOLS,
    instructions: "test",
    history: [],
    prompt: "Read README.md, write hello.py:\n```python\nprint('hi')\n```\nthen run `python hello.py`.",
    workspace,
    permissions: allowAllGate,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (event.type === "text") text += event.text;
      if (event.type === "tool_call") tools.push(event.name);
    },
  });
  expect(result.stopReason).toBe("end_turn");
  expect(tools).toEqual(["write_file", "read_file", "run_command"]);
  expect(workspace.files.get("/workspace/hello.py")).toBe("print('hi')\n");
  expect(text.split("\n")[0]).toContain("Punie's offline test model (no AI)");
  expect(text).toContain("README.md: 2 lines; the first is: # Demo project");
  expect(text).toContain("Wrote hello.py.");
  expect(text).toContain("`python hello.py`: Exit code: 0");
  expect(text).toContain("python hello.py\n");
});
