import { describe, expect, test } from "bun:test";
import { createSession, listExportableTurns, recordPermissionDecision, recordTurn } from "../../src/store/index.ts";
import { createTurnRecorder } from "../../src/session/turn-recorder.ts";
import { readThenAnswerTurn, scriptedProbes, tempStore } from "./fixtures.ts";

describe("listExportableTurns", () => {
  test("gives each turn with its instructions, tool schemas, messages, call statuses and permission outcomes", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    const recorder = createTurnRecorder(
      { prompt: "edit it", instructions: "Be brief.", tools: [{ name: "write_file", description: "Writes", parameters: { type: "object" } }], model: "m", backend: "ide", frontend: "acp" },
      scriptedProbes(),
    );
    recorder.push({ type: "tool_call", toolCallId: "w1", name: "write_file", kind: "edit", title: "a.py", locations: [], rawInput: {} });
    recorder.permission({ toolCallId: "w1", toolName: "write_file", action: "edit", outcome: "rejected" });
    recorder.push({ type: "tool_call_update", toolCallId: "w1", status: "failed", durationMs: 3 });
    recordTurn(store, "s1", recorder.finish({ stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1 }, messages: [{ role: "user", content: "edit it" }] }));
    recordPermissionDecision(store, "s1", { toolCallId: "x", toolName: "t", action: "edit", outcome: "cancelled", decidedAt: 1 });

    const turns = [...listExportableTurns(store)];
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      sessionId: "s1",
      cwd: "/p",
      turnIndex: 0,
      instructions: "Be brief.",
      tools: [{ name: "write_file", description: "Writes", parameters: { type: "object" } }],
      messages: [{ role: "user", content: "edit it" }],
      toolCalls: [{ toolCallId: "w1", name: "write_file", status: "failed" }],
      permissions: [{ toolCallId: "w1", toolName: "write_file", action: "edit", outcome: "rejected", rule: null }],
    });
  });

  test("filters by date and cwd, and pages through many turns", () => {
    const { store } = tempStore();
    createSession(store, { id: "a", cwd: "/a" });
    createSession(store, { id: "b", cwd: "/b" });
    for (let i = 0; i < 7; i++) recordTurn(store, i % 2 ? "a" : "b", readThenAnswerTurn(`q${i}`, 1000 * (i + 1)));
    expect([...listExportableTurns(store, { pageSize: 2 })].map((turn) => turn.prompt)).toEqual(["q0", "q1", "q2", "q3", "q4", "q5", "q6"]);
    expect([...listExportableTurns(store, { cwd: "/a", pageSize: 2 })].map((turn) => turn.prompt)).toEqual(["q1", "q3", "q5"]);
    expect([...listExportableTurns(store, { since: 5000 })].map((turn) => turn.prompt)).toEqual(["q4", "q5", "q6"]);
  });
});
