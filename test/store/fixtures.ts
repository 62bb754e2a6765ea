/** Shared fixtures for the store tests: temp databases and realistic turn records. */
import { join } from "node:path";
import { onCleanup, tempDir as makeTempDir } from "../helpers/temp.ts";
import type { AgentEvent } from "../../src/agent/events.ts";
import type { ChatMessage } from "../../src/model/types.ts";
import { openStore, type Store, type StoreLog, type TurnRecord } from "../../src/store/index.ts";
import { createTurnRecorder } from "../../src/session/turn-recorder.ts";

/** A temp folder removed after the test (see test/helpers/temp.ts). */
export function tempDir(): string {
  return makeTempDir("punie-store-");
}

export function recordingLog(): StoreLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}

export function tempStore(): { store: Store; path: string; log: ReturnType<typeof recordingLog> } {
  const path = join(tempDir(), "punie.db");
  const log = recordingLog();
  const store = openStore({ path, log });
  if (!store) throw new Error(`store did not open: ${log.warnings.join("; ")}`);
  onCleanup(() => store.close());
  return { store, path, log };
}

/** A clock that advances by `step` ms at each reading, and a memory reading that climbs then falls. */
export function scriptedProbes(start = 1_700_000_000_000, step = 10, rss: number[] = [100, 150, 300, 200]) {
  let now = start - step;
  let reading = 0;
  return {
    now: () => (now += step),
    rss: () => rss[Math.min(reading++, rss.length - 1)] ?? 0,
  };
}

/** A turn where the model reads a file, then answers: events and messages as the loop makes them. */
export function readThenAnswerTurn(prompt = "What is in a.py?", startedAt = 1_700_000_000_000): TurnRecord {
  const recorder = createTurnRecorder(
    {
      prompt,
      instructions: "You are Punie.",
      tools: [{ name: "read_file", description: "Reads a file", parameters: { type: "object" } }],
      model: "test",
      backend: "ide",
      frontend: "acp",
    },
    scriptedProbes(startedAt),
  );
  const events: AgentEvent[] = [
    { type: "model_request", index: 1, durationMs: 120, firstEventMs: 30, finishReason: "tool_calls", usage: { inputTokens: 50, outputTokens: 10 } },
    { type: "tool_call", toolCallId: "call_1", name: "read_file", kind: "read", title: "a.py", locations: [{ path: "/p/a.py" }], rawInput: { path: "a.py" } },
    { type: "tool_call_update", toolCallId: "call_1", status: "in_progress" },
    { type: "tool_call_update", toolCallId: "call_1", status: "completed", content: [{ type: "text", text: "print(1)" }], durationMs: 8 },
    { type: "text", text: "It prints 1." },
    { type: "model_request", index: 2, durationMs: 80, firstEventMs: 20, finishReason: "stop", usage: { inputTokens: 70, outputTokens: 5 } },
  ];
  for (const event of events) recorder.push(event);
  const messages: ChatMessage[] = [
    { role: "user", content: prompt },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "read_file", arguments: '{"path":"a.py"}' }] },
    { role: "tool", tool_call_id: "call_1", content: "print(1)" },
    { role: "assistant", content: "It prints 1." },
  ];
  return recorder.finish({ stopReason: "end_turn", usage: { inputTokens: 120, outputTokens: 15 }, messages });
}
