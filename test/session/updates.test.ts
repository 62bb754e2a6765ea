import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { eventToUpdate } from "../../src/session/updates.ts";
import { promptToText, titleFromPrompt } from "../../src/session/prompt-text.ts";

describe("agent events → session/update", () => {
  const cases: Array<[string, AgentEvent, unknown]> = [
    ["text → agent_message_chunk", { type: "text", text: "hi" }, { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "hi" } }],
    ["thought → agent_thought_chunk", { type: "thought", text: "hmm" }, { sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "hmm" } }],
    ["empty text → nothing", { type: "text", text: "" }, null],
    ["usage → nothing (sent separately)", { type: "usage", usage: { inputTokens: 1, outputTokens: 2 } }, null],
    [
      "tool_call → pending tool_call with locations",
      { type: "tool_call", toolCallId: "t1", name: "read_file", kind: "read", title: "Read a.py", locations: [{ path: "/w/a.py" }], rawInput: { path: "a.py" } },
      { sessionUpdate: "tool_call", toolCallId: "t1", title: "Read a.py", kind: "read", status: "pending", locations: [{ path: "/w/a.py" }], rawInput: { path: "a.py" } },
    ],
    [
      "diff content keeps null oldText",
      { type: "tool_call_update", toolCallId: "t2", status: "completed", content: [{ type: "diff", path: "/w/n.py", oldText: null, newText: "x" }] },
      { sessionUpdate: "tool_call_update", toolCallId: "t2", status: "completed", content: [{ type: "diff", path: "/w/n.py", oldText: null, newText: "x" }] },
    ],
    [
      "terminal and text content",
      { type: "tool_call_update", toolCallId: "t3", status: "in_progress", content: [{ type: "terminal", terminalId: "term" }, { type: "text", text: "out" }] },
      {
        sessionUpdate: "tool_call_update",
        toolCallId: "t3",
        status: "in_progress",
        content: [{ type: "terminal", terminalId: "term" }, { type: "content", content: { type: "text", text: "out" } }],
      },
    ],
  ];
  for (const [name, event, expected] of cases) test(name, () => expect(eventToUpdate(event)).toEqual(expected as never));

  test("an error becomes a visible message paragraph", () => {
    const update = eventToUpdate({ type: "error", message: "Could not reach http://x/v1." });
    expect(update).toMatchObject({ sessionUpdate: "agent_message_chunk" });
  });
});

describe("prompt content", () => {
  test("text, resource links and embedded resources reach the model", () => {
    const text = promptToText([
      { type: "text", text: "Explain this" },
      { type: "resource_link", uri: "file:///w/src/a%20b.py", name: "a b.py" },
      { type: "resource", resource: { uri: "file:///w/c.py", text: "x = 1" } },
    ]);
    expect(text).toContain("Explain this");
    expect(text).toContain("/w/src/a b.py");
    expect(text).toContain('<file path="/w/c.py">\nx = 1\n</file>');
  });
  test("titles come from the first line, shortened", () => {
    expect(titleFromPrompt("Fix the bug\nin foo")).toBe("Fix the bug");
    expect(titleFromPrompt("x".repeat(100)).length).toBe(60);
  });
});
