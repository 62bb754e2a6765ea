import { describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../src/model/types.ts";
import { createSession, loadHistory, loadTranscript, recordTurn } from "../../src/store/index.ts";
import { createTurnRecorder } from "../../src/session/turn-recorder.ts";
import { readThenAnswerTurn, scriptedProbes, tempStore } from "./fixtures.ts";

describe("recordTurn, loadHistory and loadTranscript", () => {
  test("a session's turns come back as the model's history, in order", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    const first = readThenAnswerTurn("first question");
    const second = readThenAnswerTurn("second question");
    expect(recordTurn(store, "s1", first)).toBe(0);
    expect(recordTurn(store, "s1", second)).toBe(1);
    expect(loadHistory(store, "s1")).toEqual([...first.messages, ...second.messages]);
    expect(loadHistory(store, "unknown")).toEqual([]);
  });

  test("the transcript replays user text, agent text and tool calls with their final status and content", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    recordTurn(store, "s1", readThenAnswerTurn("What is in a.py?"));
    expect(loadTranscript(store, "s1")).toEqual([
      { type: "user", text: "What is in a.py?" },
      {
        type: "tool_call",
        toolCallId: "call_1",
        name: "read_file",
        kind: "read",
        title: "a.py",
        locations: [{ path: "/p/a.py" }],
        rawInput: { path: "a.py" },
        status: "completed",
        content: [{ type: "text", text: "print(1)" }],
      },
      { type: "agent", text: "It prints 1." },
    ]);
  });

  test("loop nudges are not replayed as the user's words; unfinished and unstarted calls replay as failed", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    const recorder = createTurnRecorder(
      { prompt: "go", instructions: "", tools: [], model: "test", backend: "local", frontend: "ask" },
      scriptedProbes(),
    );
    recorder.push({ type: "tool_call", toolCallId: "c1", name: "run", kind: "execute", title: "pytest", locations: [], rawInput: { command: "pytest" } });
    recorder.push({ type: "tool_call_update", toolCallId: "c1", status: "in_progress" });
    const messages: ChatMessage[] = [
      { role: "user", content: "go" },
      { role: "assistant", content: "", tool_calls: [{ id: "c1", name: "run", arguments: "{}" }, { id: "c2", name: "run", arguments: '{"command":"ls"}' }] },
      { role: "tool", tool_call_id: "c1", content: "Cancelled by the user." },
      { role: "tool", tool_call_id: "c2", content: "Cancelled by the user." },
      { role: "user", content: "Your last answer was empty. Please answer the request above." },
    ];
    recordTurn(store, "s1", recorder.finish({ stopReason: "cancelled", usage: { inputTokens: 0, outputTokens: 0 }, messages }));
    const transcript = loadTranscript(store, "s1");
    expect(transcript.filter((item) => item.type === "user")).toEqual([{ type: "user", text: "go" }]);
    expect(transcript.filter((item) => item.type === "tool_call").map((item) => item.type === "tool_call" && [item.toolCallId, item.status, item.title])).toEqual([
      ["c1", "failed", "pytest"],
      ["c2", "failed", "run"],
    ]);
  });

  test("tool calls pair with the model's requests in order, whatever ids the model gave (Punie's differ)", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    const recorder = createTurnRecorder({ prompt: "go", instructions: "", tools: [], model: "test", backend: "local", frontend: "acp" }, scriptedProbes());
    for (const [id, title] of [["tool-1", "first"], ["tool-2", "second"]] as const) {
      recorder.push({ type: "tool_call", toolCallId: id, name: "read_file", kind: "read", title, locations: [], rawInput: {} });
      recorder.push({ type: "tool_call_update", toolCallId: id, status: "completed", content: [{ type: "text", text: title }] });
    }
    const messages: ChatMessage[] = [
      { role: "user", content: "go" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_0", name: "read_file", arguments: "{}" }, { id: "call_0", name: "read_file", arguments: "{}" }] },
      { role: "tool", tool_call_id: "call_0", content: "first" },
      { role: "tool", tool_call_id: "call_0", content: "second" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_0", name: "read_file", arguments: "{}" }] },
      { role: "tool", tool_call_id: "call_0", content: "Cancelled by the user." },
    ];
    recordTurn(store, "s1", recorder.finish({ stopReason: "cancelled", usage: { inputTokens: 0, outputTokens: 0 }, messages }));
    const calls = loadTranscript(store, "s1").flatMap((item) => (item.type === "tool_call" ? [[item.toolCallId, item.title, item.status]] : []));
    expect(calls).toEqual([
      ["tool-1", "first", "completed"],
      ["tool-2", "second", "completed"],
      ["call_0", "read_file", "failed"],
    ]);
  });

  test("a turn for a session the front end never created still lands, with a session row", () => {
    const { store } = tempStore();
    recordTurn(store, "adhoc", readThenAnswerTurn());
    expect(loadHistory(store, "adhoc")).toHaveLength(4);
  });
});
