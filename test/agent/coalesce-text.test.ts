import { describe, expect, test } from "bun:test";
import { coalesceText, MAX_HOLD_MS, type StreamedKind } from "../../src/agent/coalesce-text.ts";
import type { AgentEvent } from "../../src/agent/events.ts";
import { runTurn } from "../../src/agent/loop.ts";
import type { Model, ModelEvent } from "../../src/model/types.ts";
import { allowAllGate } from "../../src/permissions/gate.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
const nextTimer = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Emitted = { kind: StreamedKind; text: string; at: number };

function recorder() {
  const emitted: Emitted[] = [];
  const coalescer = coalesceText((kind, text) => emitted.push({ kind, text, at: performance.now() }));
  return { emitted, coalescer };
}

describe("streamed text coalescing", () => {
  test("chunks of one macrotask leave together, at the end of it, as one piece", async () => {
    const { emitted, coalescer } = recorder();
    for (const chunk of ["Hel", "lo", ", ", "world"]) coalescer.push("text", chunk);
    await Promise.resolve();
    expect(emitted).toEqual([]);
    await nextMacrotask();
    expect(emitted.map((e) => e.text)).toEqual(["Hello, world"]);
  });

  test("a chunk is never held past one tick of the event loop, wherever it arrived", async () => {
    const { emitted, coalescer } = recorder();
    for (let round = 0; round < 20; round++) {
      // Pushed from a promise continuation, a timer and an immediate: whatever is queued after the
      // chunk, in the same tick, already sees it sent.
      coalescer.push("text", `a${round};`);
      expect(await new Promise<number>((resolve) => setImmediate(() => resolve(emitted.length)))).toBe(3 * round + 1);
      const fromTimer = await new Promise<number>((resolve) =>
        setTimeout(() => {
          coalescer.push("text", `b${round};`);
          setImmediate(() => resolve(emitted.length));
        }, 0),
      );
      expect(fromTimer).toBe(3 * round + 2);
      const fromImmediate = await new Promise<number>((resolve) =>
        setImmediate(() => {
          coalescer.push("text", `c${round};`);
          setImmediate(() => resolve(emitted.length));
        }),
      );
      expect(fromImmediate).toBe(3 * round + 3);
    }
    expect(emitted.map((e) => e.text).join("")).toBe(Array.from({ length: 20 }, (_, r) => `a${r};b${r};c${r};`).join(""));
  });

  test(`a macrotask that runs long does not hold a chunk more than ${MAX_HOLD_MS} ms`, () => {
    const { emitted, coalescer } = recorder();
    const pushedAt = performance.now();
    coalescer.push("text", "first");
    while (performance.now() - pushedAt < MAX_HOLD_MS + 1) {
      // a long synchronous stretch: many chunks arriving in one macrotask
    }
    coalescer.push("text", "second");
    expect(emitted.map((e) => e.text)).toEqual(["firstsecond"]);
    expect((emitted[0]?.at ?? 0) - pushedAt).toBeLessThan(MAX_HOLD_MS + 50);
  });

  test("text and thoughts keep their order; flush sends what is held at once", async () => {
    const { emitted, coalescer } = recorder();
    coalescer.push("thought", "think ");
    coalescer.push("thought", "hard");
    coalescer.push("text", "Answer");
    coalescer.push("thought", "again");
    coalescer.flush();
    expect(emitted.map(({ kind, text }) => ({ kind, text }))).toEqual([
      { kind: "thought", text: "think hard" },
      { kind: "text", text: "Answer" },
      { kind: "thought", text: "again" },
    ]);
    await nextMacrotask();
    expect(emitted.length).toBe(3);
  });

  test("never reorders or drops text, whatever the timing (randomized)", async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 30; trial++) {
      const { emitted, coalescer } = recorder();
      const sent: { kind: StreamedKind; text: string }[] = [];
      for (let i = 0; i < 200; i++) {
        const kind: StreamedKind = random() < 0.2 ? "thought" : "text";
        const text = `${i}${"x".repeat(Math.floor(random() * 4))}|`;
        sent.push({ kind, text });
        coalescer.push(kind, text);
        const pause = random();
        if (pause < 0.1) await nextMacrotask();
        else if (pause < 0.2) await nextTimer();
        else if (pause < 0.5) await Promise.resolve();
      }
      await nextMacrotask();
      // The same characters of each kind, in the same order, and the kinds interleaved the same way.
      const runs = (items: { kind: StreamedKind; text: string }[]) =>
        items.reduce<{ kind: StreamedKind; text: string }[]>((out, item) => {
          const last = out.at(-1);
          if (last?.kind === item.kind) last.text += item.text;
          else out.push({ ...item });
          return out;
        }, []);
      expect(runs(emitted.map(({ kind, text }) => ({ kind, text })))).toEqual(runs(sent));
    }
  });
});

describe("the agent loop coalesces a fast stream", () => {
  /** A model that yields its chunks back to back (as a fast local server's single read does). */
  function burstModel(chunks: string[]): Model {
    return {
      id: "burst",
      baseURL: "test://burst",
      async *stream() {
        for (const text of chunks) yield { type: "text", text } satisfies ModelEvent;
        yield { type: "finish", reason: "stop" } satisfies ModelEvent;
      },
    };
  }

  test("one event for a burst of 2,000 chunks, the text whole and in order, before the turn ends", async () => {
    const chunks = Array.from({ length: 2000 }, (_, i) => `${i} `);
    const events: AgentEvent[] = [];
    const result = await runTurn({
      model: burstModel(chunks),
      tools: [],
      instructions: "system",
      history: [],
      prompt: "go",
      workspace: createMemoryWorkspace({ files: {} }),
      permissions: allowAllGate,
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
    });
    const texts = events.filter((event) => event.type === "text");
    expect(texts.map((event) => (event.type === "text" ? event.text : "")).join("")).toBe(chunks.join(""));
    expect(texts.length).toBeLessThan(20);
    // Everything streamed was sent before the request's own record and the turn's end.
    expect(events.findIndex((event) => event.type === "model_request")).toBeGreaterThan(events.lastIndexOf(texts.at(-1) as AgentEvent));
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: chunks.join("") });
  });
});
