/**
 * The dashboard's reads of a real database written the way punie processes write it: effective
 * status, paging through 500 sessions, eval sessions kept out, pending questions from events,
 * the transcript of finished turns plus the running one, the sweeper and event pruning.
 */
import { describe, expect, test } from "bun:test";
import { createDbEventSource, createDbReads } from "../../src/http/db-reads.ts";
import { sweepSessions } from "../../src/http/housekeeping.ts";
import { appendSessionEvents, claimSession, getSession, recordTurn, type Store } from "../../src/store/index.ts";
import { pruneEvents } from "../../src/store/prune.ts";
import { readThenAnswerTurn, tempStore } from "../store/fixtures.ts";

const NOW = 1_800_000_000_000;
const ALIVE = 4242;
const isAlive = (pid: number) => pid === ALIVE;

function claim(store: Store, id: string, extra: Partial<Parameters<typeof claimSession>[1]> = {}, at = NOW) {
  claimSession(store, { id, cwd: "/p", source: "acp", model: "test", mode: "ask", title: id, pid: ALIVE, status: "idle", ...extra }, at);
}

describe("createDbReads", () => {
  test("status is ended when the owner is gone; eval sessions are not listed; agents group live sessions by pid", () => {
    const { store } = tempStore();
    claim(store, "live", { status: "running" });
    claim(store, "dead-pid", { pid: 999_999, status: "running" });
    claim(store, "silent", { status: "idle" }, NOW - 11_000);
    claim(store, "eval-run", { source: "eval" });
    const reads = createDbReads(store, { now: () => NOW, isAlive });
    const listed = reads.list({ limit: 50 }).sessions;
    expect(Object.fromEntries(listed.map((session) => [session.id, session.status]))).toEqual({ live: "running", "dead-pid": "ended", silent: "ended" });
    expect(reads.get("eval-run")?.source).toBe("eval");
    expect(reads.agents()).toEqual([{ pid: ALIVE, source: "acp", cwd: "/p", sessions: 1, busy: 1 }]);
  });

  test("500 sessions page 50 at a time with a cursor, newest first, none twice", () => {
    const { store } = tempStore();
    store.use("seed", undefined, (db) =>
      db.transaction(() => {
        for (let index = 0; index < 500; index++) claim(store, `s${String(index).padStart(3, "0")}`, {}, NOW + index);
      })(),
    );
    const reads = createDbReads(store, { now: () => NOW + 1000, isAlive });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = reads.list({ limit: 50, cursor });
      seen.push(...result.sessions.map((session) => session.id));
      if (!result.next_cursor) break;
      cursor = result.next_cursor;
    }
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
    expect(seen[0]).toBe("s499");
    expect(() => reads.list({ limit: 50, cursor: "garbage" })).toThrow("cursor");
  });

  test("a question is pending until its answer is recorded; the transcript adds the running turn to history", () => {
    const { store } = tempStore();
    claim(store, "s");
    const turn = readThenAnswerTurn("What is in a.py?", NOW - 5000);
    recordTurn(store, "s", turn);
    const options = [{ optionId: "allow_once", name: "Allow once", kind: "allow_once" }];
    appendSessionEvents(store, "s", [
      { kind: "update", payload: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "old, already in history" } }, at: turn.endedAt - 1 },
      { kind: "update", payload: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "Now writing." } }, at: NOW },
      { kind: "permission", payload: { requestId: "r1", toolCallId: "t", title: "Write b.py", options }, at: NOW },
    ]);
    const reads = createDbReads(store, { now: () => NOW, isAlive });
    expect(reads.pendingPermissions("s")).toEqual([{ requestId: "r1", title: "Write b.py", options }]);
    const entries = reads.transcript("s").entries;
    expect(entries.map((entry) => entry.type)).toEqual(["user", "tool_call", "agent", "agent", "permission"]);
    expect(JSON.stringify(entries)).not.toContain("old, already in history");
    expect(entries[3]).toEqual({ type: "agent", text: "Now writing." });
    expect(reads.turns("s")).toEqual([{ index: 0, startedAt: turn.startedAt, durationMs: turn.endedAt - turn.startedAt, modelMs: turn.modelMs, toolMs: turn.toolMs, outputTokens: 15, stopReason: "end_turn" }]);
    appendSessionEvents(store, "s", [{ kind: "permission", payload: { requestId: "r1", outcome: { outcome: "selected", optionId: "allow_once" } }, at: NOW + 1 }]);
    expect(reads.pendingPermissions("s")).toEqual([]);
  });

  test("the event source reads rows in id order with the session id added, and notices new commits", () => {
    const { store } = tempStore();
    claim(store, "s");
    const source = createDbEventSource(store);
    const start = source.latestEventId();
    source.maybeChanged();
    expect(source.maybeChanged()).toBe(false);
    appendSessionEvents(store, "s", [{ kind: "update", payload: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "x" } }, at: NOW }]);
    expect(source.maybeChanged()).toBe(true);
    const [event] = source.eventsAfter(start, 10);
    expect(event).toEqual({ id: start + 1, kind: "update", data: { sessionId: "s", update: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "x" } } } });
  });
});

describe("housekeeping", () => {
  test("the sweeper ends sessions of dead or silent owners with a session event; live ones stay", () => {
    const { store } = tempStore();
    claim(store, "live", { status: "running" });
    claim(store, "dead", { pid: 999_999 });
    const ended = sweepSessions(store, NOW + 1000, isAlive);
    expect(ended).toEqual(["dead"]);
    expect(getSession(store, "dead")?.status).toBe("ended");
    expect(getSession(store, "live")?.status).toBe("running");
    const source = createDbEventSource(store);
    const last = source.eventsAfter(0, 100).at(-1);
    expect(last).toMatchObject({ kind: "session", data: { sessionId: "dead", status: "ended", reason: "owner_gone" } });
    expect(sweepSessions(store, NOW + 2000, isAlive)).toEqual([]);
  });

  test("event rows older than the cutoff are pruned; the session and its history stay", () => {
    const { store } = tempStore();
    claim(store, "s");
    recordTurn(store, "s", readThenAnswerTurn());
    appendSessionEvents(store, "s", [
      { kind: "update", payload: {}, at: NOW - 8 * 86_400_000 },
      { kind: "update", payload: {}, at: NOW },
    ]);
    const before = createDbEventSource(store).eventsAfter(0, 100).length;
    expect(pruneEvents(store, NOW - 7 * 86_400_000)).toBe(1);
    expect(createDbEventSource(store).eventsAfter(0, 100).length).toBe(before - 1);
    expect(createDbReads(store).transcript("s").entries.length).toBeGreaterThan(0);
  });
});
