import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { type TurnRecord } from "../../src/store/index.ts";
import { createTurnRecorder, type TurnStart } from "../../src/session/turn-recorder.ts";
import { scriptedProbes } from "../store/fixtures.ts";

const start: TurnStart = { prompt: "p", instructions: "i", tools: [], model: "test", backend: "ide", frontend: "acp" };
const finished = { stopReason: "end_turn" as const, usage: { inputTokens: 10, outputTokens: 2 }, messages: [] };

type Case = { name: string; events: AgentEvent[]; start?: Partial<TurnStart>; expected: Partial<TurnRecord> };

const cases: Case[] = [
  {
    name: "model time is the sum of model requests",
    events: [
      { type: "model_request", index: 1, durationMs: 100, firstEventMs: 10, finishReason: "tool_calls", usage: null },
      { type: "model_request", index: 2, durationMs: 50.5, firstEventMs: null, finishReason: "stop", usage: { inputTokens: 3, outputTokens: 1 } },
    ],
    expected: { modelMs: 150.5, toolMs: 0 },
  },
  {
    name: "a tool call keeps its last status, last non-empty content and its duration",
    events: [
      { type: "tool_call", toolCallId: "t", name: "run", kind: "execute", title: "ls", locations: [], rawInput: { c: "ls" } },
      { type: "tool_call_update", toolCallId: "t", status: "in_progress", content: [{ type: "terminal", terminalId: "term-1" }] },
      { type: "tool_call_update", toolCallId: "t", status: "failed", rawOutput: { exitCode: 2 }, durationMs: 42 },
    ],
    expected: {
      toolMs: 42,
      toolCalls: [
        {
          toolCallId: "t", name: "run", kind: "execute", title: "ls", locations: [], rawInput: { c: "ls" }, status: "failed",
          content: [{ type: "terminal", terminalId: "term-1" }], rawOutput: { exitCode: 2 }, durationMs: 42, backend: "ide", startedAt: 1_700_000_000_010,
        },
      ],
    },
  },
  {
    name: "a tool that never finished has no duration",
    events: [{ type: "tool_call", toolCallId: "t", name: "run", kind: "execute", title: "ls", locations: [], rawInput: {} }],
    expected: { toolMs: 0 },
  },
  {
    name: "an error event becomes the turn's error",
    events: [{ type: "error", message: "The model server at http://x failed" }],
    expected: { error: "The model server at http://x failed" },
  },
  {
    name: "updates for unknown calls are ignored",
    events: [{ type: "tool_call_update", toolCallId: "ghost", status: "completed", durationMs: 5 }],
    expected: { toolCalls: [], toolMs: 0 },
  },
];

describe("createTurnRecorder", () => {
  for (const testCase of cases) {
    test(testCase.name, () => {
      const recorder = createTurnRecorder({ ...start, ...testCase.start }, scriptedProbes());
      for (const event of testCase.events) recorder.push(event);
      expect(recorder.finish(finished)).toMatchObject(testCase.expected);
    });
  }

  test("backends per tool", () => {
    const recorder = createTurnRecorder({ ...start, backendOf: (name) => (name === "pytest_run" ? "local" : "ide") }, scriptedProbes());
    recorder.push({ type: "tool_call", toolCallId: "a", name: "pytest_run", kind: "execute", title: "pytest", locations: [], rawInput: {} });
    recorder.push({ type: "tool_call", toolCallId: "b", name: "read_file", kind: "read", title: "a.py", locations: [], rawInput: {} });
    expect(recorder.finish(finished).toolCalls.map((call) => call.backend)).toEqual(["local", "ide"]);
  });

  test("times, usage and memory: start, end and peak RSS from samples", () => {
    const recorder = createTurnRecorder(start, scriptedProbes(1000, 60, [100, 150, 300, 200]));
    recorder.push({ type: "usage", usage: { inputTokens: 1, outputTokens: 1 } });
    recorder.push({ type: "model_request", index: 1, durationMs: 5, firstEventMs: 1, finishReason: "stop", usage: null });
    const record = recorder.finish({ ...finished, error: "boom" });
    expect(record).toMatchObject({
      startedAt: 1000,
      endedAt: 1180,
      usage: { inputTokens: 10, outputTokens: 2 },
      error: "boom",
      memory: { startRss: 100, endRss: 200, peakRss: 300 },
    });
    expect(record.memory.samples.map((s) => s.atMs)).toEqual([0, 60, 120, 180]);
  });

  test("streamed text does not read memory at every chunk", () => {
    let readings = 0;
    let now = 0;
    const recorder = createTurnRecorder(start, { now: () => now, rss: () => ++readings });
    for (let i = 0; i < 1000; i++) {
      now += 0.1; // 1000 chunks over 100 ms
      recorder.push({ type: "text", text: "x" });
    }
    expect(readings).toBeLessThan(10);
  });

  test("permission decisions are stamped and kept in order", () => {
    const recorder = createTurnRecorder(start, scriptedProbes(1000));
    recorder.permission({ toolCallId: "a", toolName: "write_file", action: "edit", outcome: "allowed_project" });
    recorder.permission({ toolCallId: "b", toolName: "run", action: "execute", outcome: "denied_by_rule", rule: "deny rm" });
    expect(recorder.finish(finished).permissions).toEqual([
      { toolCallId: "a", toolName: "write_file", action: "edit", outcome: "allowed_project", decidedAt: 1010 },
      { toolCallId: "b", toolName: "run", action: "execute", outcome: "denied_by_rule", rule: "deny rm", decidedAt: 1020 },
    ]);
  });
});
