import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { appendEventsWithStatus, claimSession, getSession, lateStore, loadHistory, openStore, readSessionEvents, recordTurn, updateSession } from "../../src/store/index.ts";
import { tempDir } from "../helpers/temp.ts";
import { readThenAnswerTurn } from "./fixtures.ts";

const session = { id: "s1", cwd: "/p", source: "ask" as const, model: "test", mode: "ask" as const, title: null, pid: 1, status: "idle" as const };

describe("lateStore", () => {
  test("writes wait, in order, until open(); then the database has them and later writes go straight in", () => {
    const path = join(tempDir(), "punie.db");
    const store = lateStore({ path });
    claimSession(store, session, 1000);
    updateSession(store, "s1", { title: "First", at: 2000 });
    updateSession(store, "s1", { title: "Second", at: 3000 });
    expect(existsSync(path)).toBe(false);
    // A read before open() gets its fallback, as from a store that is off.
    expect(getSession(store, "s1")).toBeNull();

    store.open();
    expect(getSession(store, "s1")).toMatchObject({ id: "s1", source: "ask", title: "Second", createdAt: 1000, updatedAt: 3000 });
    updateSession(store, "s1", { title: "Third", at: 4000 });
    store.open();
    expect(getSession(store, "s1")).toMatchObject({ title: "Third" });
    store.close();
    expect(store.healthy).toBe(false);

    const reopened = openStore({ path });
    expect(reopened && getSession(reopened, "s1")).toMatchObject({ title: "Third", updatedAt: 4000 });
    reopened?.close();
  });

  test("close() writes what waits; with nothing waiting it never creates the database", () => {
    const dir = tempDir();
    const unused = lateStore({ path: join(dir, "unused.db") });
    unused.close();
    expect(existsSync(join(dir, "unused.db"))).toBe(false);

    const path = join(dir, "punie.db");
    const store = lateStore({ path });
    claimSession(store, session, 1000);
    appendEventsWithStatus(store, "s1", [{ kind: "session", payload: { status: "running" }, at: 1500 }], "running", 1500);
    // A write with its own transaction, inside the one that replays what waited.
    recordTurn(store, "s1", readThenAnswerTurn());
    store.close();
    const reopened = openStore({ path });
    expect(reopened && getSession(reopened, "s1")).toMatchObject({ id: "s1", createdAt: 1000, status: "running" });
    expect(reopened && readSessionEvents(reopened, "s1").map((event) => event.payload)).toEqual([{ status: "running" }]);
    expect(reopened && loadHistory(reopened, "s1")).toHaveLength(readThenAnswerTurn().messages.length);
    reopened?.close();
  });

  test("a database that cannot be opened is warned about once, at open(), and the waiting writes are dropped", () => {
    const dir = tempDir();
    const warnings: string[] = [];
    // A folder where the file should be: not a database.
    const store = lateStore({ path: dir, log: { warn: (message) => warnings.push(message) } });
    claimSession(store, session);
    expect(warnings).toEqual([]);
    store.open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("cannot be used");
    expect(store.healthy).toBe(false);
    expect(getSession(store, "s1")).toBeNull();
    store.close();
  });
});
