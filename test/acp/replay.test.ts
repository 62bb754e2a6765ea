import { expect, test } from "bun:test";
import { transcriptToUpdates } from "../../src/acp/replay.ts";
import type { TranscriptItem } from "../../src/store/history.ts";
import type { ToolContent } from "../../src/tools/types.ts";

const call = (toolCallId: string, content: ToolContent[] = []): TranscriptItem => ({
  type: "tool_call",
  toolCallId,
  name: "run_command",
  kind: "execute",
  title: "Run echo hi",
  locations: [],
  rawInput: {},
  status: "completed",
  content,
});

test("a replay never repeats a tool-call id (old sessions kept the model's call_0)", () => {
  const updates = transcriptToUpdates([call("call_0"), call("call_0"), call("call_0~2"), call("tool-1")]);
  const ids = updates.map((update) => (update.sessionUpdate === "tool_call" ? update.toolCallId : null));
  expect(ids).toEqual(["call_0", "call_0~2", "call_0~2~2", "tool-1"]);
});

test("a replayed terminal is its output as text, never a dead terminal id", () => {
  const [first, second] = transcriptToUpdates([
    call("tool-1", [{ type: "terminal", terminalId: "term_3" }, { type: "text", text: "hi" }]),
    call("tool-2", [{ type: "terminal", terminalId: "local-9", output: "Exit code: 0\nbg" }]),
  ]);
  expect(first).toMatchObject({ content: [{ type: "content", content: { type: "text", text: "hi" } }] });
  expect(second).toMatchObject({ content: [{ type: "content", content: { type: "text", text: "Exit code: 0\nbg" } }] });
});
