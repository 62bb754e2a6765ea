import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultStorePath, getSession, createSession, listSessions, openStore, recordTurn, SCHEMA_VERSION } from "../../src/store/index.ts";
import { readThenAnswerTurn, recordingLog, tempDir, tempStore } from "./fixtures.ts";

describe("openStore", () => {
  test("creates the folder and database from nothing, migrated and in WAL mode", () => {
    const path = join(tempDir(), "nested", "home", "punie.db");
    const store = openStore({ path, log: recordingLog() });
    expect(store).not.toBeNull();
    store?.close();
    const db = new Database(path);
    expect((db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    const tables = (db.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(["sessions", "turns", "messages", "tool_calls", "permission_decisions", "model_requests", "project_permission_rules", "session_config"]),
    );
    db.close();
  });

  test("reopening keeps the data", () => {
    const { store, path } = tempStore();
    createSession(store, { id: "s1", cwd: "/p" });
    store.close();
    const again = openStore({ path, log: recordingLog() });
    expect(again && getSession(again, "s1")?.cwd).toBe("/p");
    again?.close();
  });

  test("PUNIE_HOME moves the database", () => {
    expect(defaultStorePath({ PUNIE_HOME: "/tmp/ph" })).toBe("/tmp/ph/punie.db");
    expect(defaultStorePath({ HOME: "/home/u" })).toBe("/home/u/.punie/punie.db");
  });

  test("a database locked by another process: null and a warning, within the busy timeout", () => {
    const { store, path } = tempStore();
    store.close();
    const holder = new Database(path);
    holder.exec("BEGIN EXCLUSIVE");
    const log = recordingLog();
    const started = performance.now();
    expect(openStore({ path, log, busyTimeoutMs: 50 })).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain("locked");
    holder.exec("ROLLBACK");
    holder.close();
  });

  test("a corrupt file: null and a warning, and the file is left alone", () => {
    const path = join(tempDir(), "punie.db");
    const garbage = Buffer.from("this is not sqlite at all, just garbage bytes ".repeat(200));
    writeFileSync(path, garbage);
    const log = recordingLog();
    expect(openStore({ path, log })).toBeNull();
    expect(log.warnings[0]).toContain("corrupt");
    expect(Buffer.compare(readFileSync(path), garbage)).toBe(0);
  });

  test("a database from a newer punie: null and a warning naming both versions", () => {
    const path = join(tempDir(), "punie.db");
    const db = new Database(path);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const log = recordingLog();
    expect(openStore({ path, log })).toBeNull();
    expect(log.warnings[0]).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(log.warnings[0]).toContain("upgrade punie");
  });

  test("a write that fails later is warned once, then the store is a quiet no-op", () => {
    const path = join(tempDir(), "punie.db");
    const log = recordingLog();
    const store = openStore({ path, log, busyTimeoutMs: 20 });
    if (!store) throw new Error("did not open");
    createSession(store, { id: "s1", cwd: "/p" });
    const holder = new Database(path);
    holder.exec("BEGIN EXCLUSIVE");
    expect(recordTurn(store, "s1", readThenAnswerTurn())).toBeNull();
    expect(recordTurn(store, "s1", readThenAnswerTurn())).toBeNull();
    expect(store.healthy).toBe(false);
    holder.exec("ROLLBACK");
    // Still off after the lock is gone: no half-working history.
    expect(listSessions(store, { limit: 10 }).sessions).toEqual([]);
    expect(createSession(store, { id: "s2", cwd: "/q" }).id).toBe("s2");
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain("record a turn");
    expect((holder.query("SELECT count(*) AS n FROM turns").get() as { n: number }).n).toBe(0);
    holder.close();
  });
});
