/** Folding ACP session updates into the transcript the dashboard shows. */
import { describe, expect, test } from "bun:test";
import type * as acp from "@agentclientprotocol/sdk";
import { diffLines } from "../../src/http/dashboard/transcript.tsx";
import { ownerGone } from "../../src/http/liveness.ts";
import { applyPermission, foldUpdates, outputText } from "../../src/http/transcript.ts";

const chunk = (sessionUpdate: "agent_message_chunk" | "user_message_chunk" | "agent_thought_chunk", text: string): acp.SessionUpdate => ({ sessionUpdate, content: { type: "text", text } });

describe("foldUpdates", () => {
  test("adjacent chunks join; a tool call keeps its latest status, its content and output", () => {
    const view = foldUpdates([
      chunk("user_message_chunk", "fix it"),
      chunk("agent_thought_chunk", "hmm"),
      chunk("agent_message_chunk", "I will "),
      chunk("agent_message_chunk", "edit."),
      { sessionUpdate: "tool_call", toolCallId: "t1", title: "Edit calc.py", kind: "edit", status: "pending" },
      { sessionUpdate: "tool_call_update", toolCallId: "t1", status: "in_progress" },
      { sessionUpdate: "tool_call_update", toolCallId: "t1", status: "completed", content: [{ type: "diff", path: "/p/calc.py", oldText: "a\n", newText: "b\n" }], rawOutput: { output: "ok" } },
      { sessionUpdate: "tool_call_update", toolCallId: "unknown", status: "failed" },
      { sessionUpdate: "usage_update", used: 10, size: 100 },
      chunk("agent_message_chunk", "Done."),
    ]);
    expect(view.entries).toEqual([
      { type: "user", text: "fix it" },
      { type: "thought", text: "hmm" },
      { type: "agent", text: "I will edit." },
      { type: "tool_call", toolCallId: "t1", title: "Edit calc.py", kind: "edit", status: "completed", content: [{ type: "diff", path: "/p/calc.py", oldText: "a\n", newText: "b\n" }], output: "ok" },
      { type: "agent", text: "Done." },
    ]);
  });

  test("a permission question is added once, where it was asked", () => {
    const view = foldUpdates([chunk("agent_message_chunk", "asking")]);
    const question = { requestId: "r1", title: "Write notes.txt", options: [{ optionId: "allow", name: "Allow once", kind: "allow_once" }] };
    applyPermission(view, question);
    applyPermission(view, question);
    expect(view.entries.map((entry) => entry.type)).toEqual(["agent", "permission"]);
  });

  test("outputText reads a command's output or exit, text, or falls back to JSON", () => {
    expect(outputText({ output: "hello\n", exitCode: 0 })).toBe("hello\n");
    expect(outputText("plain")).toBe("plain");
    expect(outputText({ matches: 2 })).toBe('{\n  "matches": 2\n}');
    expect(outputText(undefined)).toBeNull();
    expect(outputText({ exitCode: 2, signal: null, truncated: false })).toBe("exit code 2");
    expect(outputText({ exitCode: null, signal: "SIGKILL" })).toBe("killed by SIGKILL");
    expect(outputText({ terminalId: "t1" })).toBeNull();
  });

  test("diffLines marks added and removed lines of the unified diff", () => {
    expect(diffLines("calc.py", "x = 1\ny = 2\n", "x = 1\ny = 3\n").filter((line) => line.kind !== "same")).toEqual([
      { kind: "del", text: "-y = 2" },
      { kind: "add", text: "+y = 3" },
    ]);
  });
});

describe("ownerGone", () => {
  const alive = (pid: number) => pid === 42;
  test.each([
    [{ pid: 42, heartbeatAt: 9_000 }, false],
    [{ pid: 42, heartbeatAt: -2_000 }, true],
    [{ pid: 7, heartbeatAt: 9_000 }, true],
    [{ pid: null, heartbeatAt: 9_000 }, false],
    [{ pid: null, heartbeatAt: null }, true],
  ])("%p at 10 s → %p", (facts, gone) => {
    expect(ownerGone(facts, 10_000, alive)).toBe(gone);
  });
});
