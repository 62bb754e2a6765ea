import { describe, expect, test } from "bun:test";
import { FLUSH_WINDOW_MS, openLiveLog } from "../../src/session/live-log.ts";
import { appendEventsWithStatus, appendSessionEvents, claimSession, getSession, readSessionEvents, requestSessionCancel } from "../../src/store/index.ts";
import { tempStore } from "../store/fixtures.ts";

function claimed() {
  const { store } = tempStore();
  claimSession(store, { id: "s", cwd: "/p", source: "http", model: "test", mode: "ask", title: null, pid: process.pid, status: "idle" }, 1000);
  return store;
}

describe("a session's live log", () => {
  test("adjacent text chunks written together become one row; other updates keep their own", async () => {
    const store = claimed();
    const log = openLiveLog(store, "s");
    for (const text of ["Hel", "lo", "!"]) log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text } });
    log.update({ sessionUpdate: "tool_call", toolCallId: "t", title: "Read a.py", kind: "read", status: "pending" });
    log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: " Done." } });
    expect(readSessionEvents(store, "s")).toEqual([]);
    await Bun.sleep(FLUSH_WINDOW_MS * 3);
    const rows = readSessionEvents(store, "s");
    expect(rows.map((row) => row.payload)).toEqual([
      { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "Hello!" } },
      { sessionUpdate: "tool_call", toolCallId: "t", title: "Read a.py", kind: "read", status: "pending" },
      { sessionUpdate: "agent_message_chunk", content: { type: "text", text: " Done." } },
    ]);
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => a - b));
    log.close();
  });

  test("events are stored in the order given, whatever their number, with the last one's id returned", () => {
    const store = claimed();
    const payload = (n: number) => ({ sessionUpdate: "tool_call_update", toolCallId: `t${n}`, status: "completed" });
    let written = 0;
    for (const count of [1, 2, 31, 32, 33, 70]) {
      const events = Array.from({ length: count }, (_, i) => ({ kind: "update" as const, payload: payload(written + i), at: 2000 + written + i }));
      const last = count % 2 === 0 ? appendSessionEvents(store, "s", events) : appendEventsWithStatus(store, "s", events, "running");
      written += count;
      const rows = readSessionEvents(store, "s", 0, 10_000);
      expect(rows).toHaveLength(written);
      expect(rows.at(-1)?.id).toBe(last as number);
    }
    const rows = readSessionEvents(store, "s", 0, 10_000);
    expect(rows.map((row) => row.payload)).toEqual(Array.from({ length: written }, (_, i) => payload(i)));
    expect(rows.map((row) => row.createdAt)).toEqual(Array.from({ length: written }, (_, i) => 2000 + i));
    expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => a - b));
  });

  test("a status change is written at once with what was queued: rows in order, the session's status set", () => {
    const store = claimed();
    const log = openLiveLog(store, "s");
    log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "Hi" } });
    log.status("running");
    expect(readSessionEvents(store, "s").map((row) => [row.kind, row.payload])).toEqual([
      ["update", { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "Hi" } }],
      ["session", { status: "running" }],
    ]);
    expect(getSession(store, "s")?.status).toBe("running");
    expect(getSession(store, "s")?.heartbeatAt ?? 0).toBeGreaterThan(1000);
    log.status("idle");
    expect(getSession(store, "s")?.status).toBe("idle");
    expect(readSessionEvents(store, "s").at(-1)?.payload).toEqual({ status: "idle" });
    log.close();
  });

  test("nothing written leaves a flush timer behind (a finished `punie ask` exits at once)", async () => {
    const store = claimed();
    const pending = new Set<unknown>();
    const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      const handle: unknown = realSet(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((handle: unknown) => {
      pending.delete(handle);
      realClear(handle as ReturnType<typeof setTimeout>);
    }) as typeof clearTimeout;
    try {
      const log = openLiveLog(store, "s");
      log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "a" } });
      expect(pending.size).toBe(1);
      log.status("idle");
      expect(pending.size).toBe(0);
      log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "b" } });
      log.close();
      expect(pending.size).toBe(0);
      expect(readSessionEvents(store, "s").map((row) => row.kind)).toEqual(["update", "session", "update"]);
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  });

  test("a heartbeat while the process lives, and a cancel request noticed once", async () => {
    const store = claimed();
    const log = openLiveLog(store, "s", { heartbeatMs: 20, cancelPollMs: 20 });
    await Bun.sleep(80);
    expect(getSession(store, "s")?.heartbeatAt ?? 0).toBeGreaterThan(1000);
    let cancels = 0;
    const stop = log.watchCancel(Date.now() - 1, () => cancels++);
    requestSessionCancel(store, "s");
    await Bun.sleep(100);
    expect(cancels).toBe(1);
    stop();
    log.close();
  });

  test("a cancel request older than the turn is not this turn's", async () => {
    const store = claimed();
    requestSessionCancel(store, "s", 500);
    const log = openLiveLog(store, "s", { cancelPollMs: 20 });
    let cancels = 0;
    const stop = log.watchCancel(Date.now(), () => cancels++);
    await Bun.sleep(80);
    expect(cancels).toBe(0);
    stop();
    log.close();
  });
});
