/**
 * A session while a process runs it: its status and heartbeat (so another process can tell a live
 * owner from a dead one), a cancel request another process can leave for the running turn, and
 * the append-only event rows (`session_events`) whose autoincrement id is the one order every
 * process agrees on (the HTTP front end streams them as SSE ids).
 */
import type { Database, Statement } from "bun:sqlite";
import type { Store } from "./open.ts";
import type { SessionStatus } from "./sessions.ts";

/** `session`: status and settings changes; `update`: an ACP session/update; `permission`: a question or its answer. */
export type SessionEventKind = "session" | "update" | "permission";

export type NewSessionEvent = { kind: SessionEventKind; payload: unknown; at: number };

export type SessionEventRow = { id: number; sessionId: string; kind: SessionEventKind; payload: unknown; createdAt: number };

/** A heartbeat older than this means the owner is gone (it beats every 3 s; issue 13 says 10 s). */
export const HEARTBEAT_STALE_MS = 10_000;

export type LiveSession = {
  id: string;
  cwd: string;
  source: string;
  model: string;
  mode: string | null;
  title: string | null;
  pid: number;
  status: SessionStatus;
};

/**
 * Creates the session row, or takes over an existing one (session/load in another window): the
 * pid, status and heartbeat become this process's; cwd, source and title stay as first stored.
 */
export function claimSession(store: Store, session: LiveSession, at = Date.now()): void {
  store.use("open a session", undefined, (db) => {
    db.query(
      `INSERT INTO sessions (id, cwd, model, title, mode, source, pid, status, created_at, updated_at, heartbeat_at)
       VALUES ($id, $cwd, $model, $title, $mode, $source, $pid, $status, $at, $at, $at)
       ON CONFLICT (id) DO UPDATE SET pid = $pid, status = $status, heartbeat_at = $at, model = $model,
         mode = coalesce($mode, mode), source = coalesce(source, $source),
         cwd = CASE WHEN cwd = '' THEN $cwd ELSE cwd END, cancel_requested_at = NULL`,
    ).run({ ...session, at });
  });
}

export function setSessionStatus(store: Store, id: string, status: SessionStatus, at = Date.now()): void {
  store.use("save a session's status", undefined, (db) => {
    db.query("UPDATE sessions SET status = $status, heartbeat_at = $at WHERE id = $id").run({ id, status, at });
  });
}

export function beatSession(store: Store, id: string, at = Date.now()): void {
  store.use("save a session's heartbeat", undefined, (db) => {
    db.query("UPDATE sessions SET heartbeat_at = $at WHERE id = $id").run({ id, at });
  });
}

/** Asks the process running the session to cancel its turn (it polls about once a second). */
export function requestSessionCancel(store: Store, id: string, at = Date.now()): boolean {
  return store.use("request a cancel", false, (db) => db.query("UPDATE sessions SET cancel_requested_at = $at WHERE id = $id").run({ id, at }).changes > 0);
}

/** True (and the request cleared) when a cancel was requested at or after `since`. */
export function takeCancelRequest(store: Store, id: string, since: number): boolean {
  return store.use("read a cancel request", false, (db) => {
    const row = db.query("SELECT cancel_requested_at AS at FROM sessions WHERE id = $id").get({ id }) as { at: number | null } | null;
    if (row?.at === null || row?.at === undefined) return false;
    db.query("UPDATE sessions SET cancel_requested_at = NULL WHERE id = $id").run({ id });
    return row.at >= since;
  });
}

/** Appends events in one transaction; returns the id of the last, or null when the store is off. */
export function appendSessionEvents(store: Store, sessionId: string, events: readonly NewSessionEvent[]): number | null {
  if (events.length === 0) return null;
  return store.use("record session events", null, (db) => writeLive(db, sessionId, events, null));
}

/**
 * Appends events and sets the session's status (and heartbeat) in one transaction: what a status
 * change writes, one commit instead of two. Returns the id of the last event, or null.
 */
export function appendEventsWithStatus(store: Store, sessionId: string, events: readonly NewSessionEvent[], status: SessionStatus, at = Date.now()): number | null {
  return store.use("record session events", null, (db) => writeLive(db, sessionId, events, { status, at }));
}

type LiveStatements = {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  insert: Statement;
  status: Statement;
};

// The live log writes a few rows every few milliseconds while a turn runs: its statements are
// prepared once per database, not looked up (and its transaction wrapper built) on every flush.
const prepared = new WeakMap<Database, LiveStatements>();

function statementsOf(db: Database): LiveStatements {
  let statements = prepared.get(db);
  if (!statements) {
    statements = {
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      rollback: db.prepare("ROLLBACK"),
      insert: db.prepare("INSERT INTO session_events (session_id, kind, payload, created_at) VALUES (?, ?, ?, ?)"),
      status: db.prepare("UPDATE sessions SET status = ?, heartbeat_at = ? WHERE id = ?"),
    };
    prepared.set(db, statements);
  }
  return statements;
}

function writeLive(db: Database, sessionId: string, events: readonly NewSessionEvent[], status: { status: SessionStatus; at: number } | null): number | null {
  const statements = statementsOf(db);
  // Inside a caller's transaction already (none in Punie today): write within it.
  const own = !db.inTransaction;
  if (own) statements.begin.run();
  try {
    let last: number | null = null;
    for (const event of events) last = Number(statements.insert.run(sessionId, event.kind, JSON.stringify(event.payload) ?? "null", event.at).lastInsertRowid);
    if (status) statements.status.run(status.status, status.at, sessionId);
    if (own) statements.commit.run();
    return last;
  } catch (error) {
    if (own && db.inTransaction) statements.rollback.run();
    throw error;
  }
}

/** Events of one session after `afterId` (exclusive), oldest first. */
export function readSessionEvents(store: Store, sessionId: string, afterId = 0, limit = 1000): SessionEventRow[] {
  return store.use("read session events", [], (db) => {
    const rows = db
      .query("SELECT * FROM session_events WHERE session_id = $sessionId AND id > $afterId ORDER BY id LIMIT $limit")
      .all({ sessionId, afterId, limit }) as { id: number; session_id: string; kind: SessionEventKind; payload: string; created_at: number }[];
    return rows.map((row) => ({ id: row.id, sessionId: row.session_id, kind: row.kind, payload: parse(row.payload), createdAt: row.created_at }));
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
