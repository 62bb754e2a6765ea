import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { eventToUpdate } from "../../src/session/updates.ts";
import { promptImages, promptToText, titleFromPrompt } from "../../src/session/prompt-text.ts";

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
      "a terminal the client did not create: its output as text, never its id",
      { type: "tool_call_update", toolCallId: "t4", status: "completed", content: [{ type: "terminal", terminalId: "local-1", output: "Exit code: 0" }] },
      { sessionUpdate: "tool_call_update", toolCallId: "t4", status: "completed", content: [{ type: "content", content: { type: "text", text: "Exit code: 0" } }] },
    ],
    [
      "a terminal the client did not create, without output: the content shown is left alone",
      { type: "tool_call_update", toolCallId: "t5", status: "in_progress", content: [{ type: "terminal", terminalId: "local-1" }] },
      { sessionUpdate: "tool_call_update", toolCallId: "t5", status: "in_progress" },
    ],
  ];
  for (const [name, event, expected] of cases) test(name, () => expect(eventToUpdate(event)).toEqual(expected as never));

  test("terminal content goes only to the client that created the terminal", () => {
    const event: AgentEvent = {
      type: "tool_call_update",
      toolCallId: "t3",
      status: "in_progress",
      content: [{ type: "terminal", terminalId: "term", output: "out so far" }, { type: "text", text: "out" }],
    };
    expect(eventToUpdate(event, (id) => id === "term")).toEqual({
      sessionUpdate: "tool_call_update",
      toolCallId: "t3",
      status: "in_progress",
      content: [{ type: "terminal", terminalId: "term" }, { type: "content", content: { type: "text", text: "out" } }],
    });
    expect(eventToUpdate(event)).toEqual({
      sessionUpdate: "tool_call_update",
      toolCallId: "t3",
      status: "in_progress",
      content: [{ type: "content", content: { type: "text", text: "out so far" } }, { type: "content", content: { type: "text", text: "out" } }],
    });
  });

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
  test("images go apart, in order, for the model's image parts; they add no text", () => {
    const blocks = [
      { type: "image" as const, mimeType: "image/png", data: "AAA" },
      { type: "text" as const, text: "Compare" },
      { type: "image" as const, mimeType: "image/jpeg", data: "BBB" },
    ];
    expect(promptImages(blocks)).toEqual([
      { mimeType: "image/png", data: "AAA" },
      { mimeType: "image/jpeg", data: "BBB" },
    ]);
    expect(promptToText(blocks)).toBe("Compare");
  });
  test("an embedded image file goes to the model as an image too", () => {
    const blocks = [{ type: "resource" as const, resource: { uri: "file:///w/shot.png", mimeType: "image/png", blob: "CCC" } }];
    expect(promptImages(blocks)).toEqual([{ mimeType: "image/png", data: "CCC" }]);
    expect(promptToText(blocks)).toBe("[Attached image: /w/shot.png]");
  });
  test("titles come from the first line, shortened", () => {
    expect(titleFromPrompt("Fix the bug\nin foo")).toBe("Fix the bug");
    expect(titleFromPrompt("x".repeat(100)).length).toBe(60);
  });
});
