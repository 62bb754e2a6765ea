import { afterEach, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { runTurn } from "../../src/agent/loop.ts";
import { connectMcpServers, type McpSessionTools } from "../../src/mcp/session.ts";
import { ALLOW_ONCE } from "../../src/permissions/gate.ts";
import { askingGate } from "../helpers/gates.ts";
import { callTool, createScriptedModel, say } from "../../src/testing/scripted-model.ts";
import { CORE_TOOLS } from "../../src/tools/index.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";
import { echoServer, recordingLog, tempDir } from "./helpers.ts";

let session: McpSessionTools | null = null;
afterEach(async () => {
  await session?.close();
});

test("the model sees MCP tools next to the core ones, calls one, and reads its result", async () => {
  session = connectMcpServers([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
  await session.ready();
  const model = createScriptedModel([callTool("mcp__echo__write_note", { note: "from the model" }, "c1"), say("Saved.")]);
  const workspace = createMemoryWorkspace({ permission: () => ({ outcome: "selected", optionId: ALLOW_ONCE }) });
  const events: AgentEvent[] = [];
  const result = await runTurn({
    model,
    tools: [...CORE_TOOLS, ...session.tools()],
    instructions: `IDE abilities:\n${session.abilities().join("\n")}`,
    history: [],
    prompt: "save a note",
    workspace,
    permissions: askingGate(workspace),
    signal: new AbortController().signal,
    onEvent: (event) => events.push(event),
  });

  expect(result.stopReason).toBe("end_turn");
  const offered = model.requests[0]!.tools.find((spec) => spec.name === "mcp__echo__write_note");
  expect(offered?.parameters).toEqual({
    type: "object",
    properties: { note: { type: "string" } },
    required: ["note"],
  });
  expect(model.requests[1]!.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "c1", content: "saved note 1: from the model" });
  expect(events.find((event) => event.type === "tool_call")).toMatchObject({ kind: "edit", title: "echo: write_note from the model" });
  expect(workspace.permissionRequests).toMatchObject([{ action: "mcp", toolCallId: "c1" }]);
});
