import { describe, expect, test } from "bun:test";
import {
  createSession,
  deleteSession,
  getSession,
  getSessionConfig,
  InvalidCursorError,
  listSessions,
  loadHistory,
  recordTurn,
  setSessionConfig,
  updateSession,
} from "../../src/store/index.ts";
import { readThenAnswerTurn, tempStore } from "./fixtures.ts";

describe("sessions", () => {
  test("create, update and read back", () => {
    const { store } = tempStore();
    const created = createSession(store, { id: "s1", cwd: "/p", model: "test", at: 1000 });
    expect(created).toEqual({ id: "s1", cwd: "/p", model: "test", title: null, mode: null, source: null, pid: null, status: null, createdAt: 1000, updatedAt: 1000, heartbeatAt: null });
    updateSession(store, "s1", { title: "Fix the tests", mode: "auto", at: 2000 });
    expect(getSession(store, "s1")).toEqual({ ...created, title: "Fix the tests", mode: "auto", updatedAt: 2000 });
    updateSession(store, "s1", { model: null, at: 3000 });
    expect(getSession(store, "s1")).toMatchObject({ title: "Fix the tests", model: null, mode: "auto" });
    expect(getSession(store, "missing")).toBeNull();
  });

  test("generates an id when none is given", () => {
    const { store } = tempStore();
    const a = createSession(store, { cwd: "/p" });
    const b = createSession(store, { cwd: "/p" });
    expect(a.id).not.toBe(b.id);
    expect(getSession(store, a.id)?.id).toBe(a.id);
  });

  test("lists newest activity first, filtered by cwd, page by page without gaps or repeats", () => {
    const { store } = tempStore();
    for (let i = 0; i < 7; i++) createSession(store, { id: `p${i}`, cwd: "/project", at: 1000 + i });
    for (let i = 0; i < 3; i++) createSession(store, { id: `o${i}`, cwd: "/other", at: 1000 + i });
    // Two sessions with the same timestamp must still page deterministically.
    createSession(store, { id: "p7", cwd: "/project", at: 1006 });
    updateSession(store, "p0", { title: "old but active", at: 5000 });

    const seen: string[] = [];
    let page = listSessions(store, { cwd: "/project", limit: 3 });
    seen.push(...page.sessions.map((s) => s.id));
    let pages = 1;
    while (page.nextCursor) {
      page = listSessions(store, { cwd: "/project", cursor: page.nextCursor, limit: 3 });
      seen.push(...page.sessions.map((s) => s.id));
      pages++;
    }
    expect(seen).toEqual(["p0", "p7", "p6", "p5", "p4", "p3", "p2", "p1"]);
    expect(pages).toBe(3);
    expect(listSessions(store, { limit: 100 }).sessions).toHaveLength(11);
    expect(listSessions(store, { limit: 100 }).nextCursor).toBeNull();
  });

  test("a cursor it never handed out is refused", () => {
    const { store } = tempStore();
    expect(() => listSessions(store, { cursor: "not-a-cursor", limit: 5 })).toThrow(InvalidCursorError);
  });

  test("recording a turn bumps the session to the top of the list", () => {
    const { store } = tempStore();
    createSession(store, { id: "a", cwd: "/p", at: 10 });
    createSession(store, { id: "b", cwd: "/p", at: 20 });
    recordTurn(store, "a", readThenAnswerTurn());
    expect(listSessions(store, { limit: 5 }).sessions.map((s) => s.id)).toEqual(["a", "b"]);
  });

  test("deleting a session removes its history", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    recordTurn(store, "s1", readThenAnswerTurn());
    deleteSession(store, "s1");
    expect(getSession(store, "s1")).toBeNull();
    expect(loadHistory(store, "s1")).toEqual([]);
    const counts = store.use("count", null, (db) => db.query("SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM tool_calls) AS n").get());
    expect(counts).toEqual({ n: 0 });
  });

  test("per-session config survives and is overwritten by key", () => {
    const { store } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    setSessionConfig(store, "s1", "model", "local:qwen");
    setSessionConfig(store, "s1", "mode", "ask");
    setSessionConfig(store, "s1", "model", "local:coder");
    expect(getSessionConfig(store, "s1")).toEqual({ model: "local:coder", mode: "ask" });
    expect(getSessionConfig(store, "other")).toEqual({});
  });
});
