import { describe, expect, test } from "bun:test";
import { FLUSH_WINDOW_MS, openLiveLog } from "../../src/session/live-log.ts";
import { claimSession, getSession, readSessionEvents, requestSessionCancel } from "../../src/store/index.ts";
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
