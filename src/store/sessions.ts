/**
 * Sessions: one row per conversation, listed newest first for `session/list`, with per-session
 * config (model choice, permission mode) that survives a restart.
 */
import { PunieError } from "../errors.ts";
import type { Store } from "./open.ts";

/** What a session is doing: a turn runs, a person is being asked, it waits for a prompt, or it is over. */
export type SessionStatus = "running" | "waiting" | "idle" | "ended";

export type SessionRecord = {
  id: string;
  cwd: string;
  model: string | null;
  title: string | null;
  mode: string | null;
  /** The front end that opened it (`acp`, `ask`, `http`, `eval`); null for sessions stored before. */
  source: string | null;
  /** The process running it (or that ran it last). */
  pid: number | null;
  status: SessionStatus | null;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** Last sign of life of the owning process (epoch ms); stale means the owner died. */
  heartbeatAt: number | null;
};

export type NewSession = {
  /** Defaults to a random UUID. */
  id?: string;
  cwd: string;
  model?: string | null;
  title?: string | null;
  mode?: string | null;
  source?: string | null;
  pid?: number | null;
  status?: SessionStatus | null;
  /** Epoch ms; defaults to now. */
  at?: number;
};

export type SessionChanges = {
  title?: string | null;
  model?: string | null;
  mode?: string | null;
  at?: number;
};

export type ListSessionsOptions = {
  /** Only sessions started in this directory. */
  cwd?: string;
  /** Leave out sessions of this source (the dashboard lists eval sessions under their run). */
  excludeSource?: string;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
};

export type SessionPage = { sessions: SessionRecord[]; nextCursor: string | null };

/** A paging cursor that this store did not hand out (ACP answers it with invalid params). */
export class InvalidCursorError extends PunieError {
  constructor() {
    super("invalid_cursor", "The session list cursor is not valid; list again from the start.");
  }
}

type SessionRow = {
  id: string;
  cwd: string;
  model: string | null;
  title: string | null;
  mode: string | null;
  source: string | null;
  pid: number | null;
  status: SessionStatus | null;
  created_at: number;
  updated_at: number;
  heartbeat_at: number | null;
};

const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  cwd: row.cwd,
  model: row.model,
  title: row.title,
  mode: row.mode,
  source: row.source,
  pid: row.pid,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  heartbeatAt: row.heartbeat_at,
});

/** Creates a session and returns it (also when the store has failed: the agent goes on). */
export function createSession(store: Store, session: NewSession): SessionRecord {
  const at = session.at ?? Date.now();
  const record: SessionRecord = {
    id: session.id ?? crypto.randomUUID(),
    cwd: session.cwd,
    model: session.model ?? null,
    title: session.title ?? null,
    mode: session.mode ?? null,
    source: session.source ?? null,
    pid: session.pid ?? null,
    status: session.status ?? null,
    createdAt: at,
    updatedAt: at,
    heartbeatAt: session.pid === undefined || session.pid === null ? null : at,
  };
  store.use("create a session", undefined, (db) => {
    db.query(
      `INSERT INTO sessions (id, cwd, model, title, mode, source, pid, status, created_at, updated_at, heartbeat_at)
       VALUES ($id, $cwd, $model, $title, $mode, $source, $pid, $status, $at, $at, $heartbeatAt)`,
    ).run({
      id: record.id,
      cwd: record.cwd,
      model: record.model,
      title: record.title,
      mode: record.mode,
      source: record.source,
      pid: record.pid,
      status: record.status,
      at,
      heartbeatAt: record.heartbeatAt,
    });
  });
  return record;
}

/** Changes the given fields (absent ones stay) and bumps `updatedAt`. */
export function updateSession(store: Store, id: string, changes: SessionChanges): void {
  store.use("update a session", undefined, (db) => {
    db.query(
      `UPDATE sessions SET
         title = CASE WHEN $setTitle THEN $title ELSE title END,
         model = CASE WHEN $setModel THEN $model ELSE model END,
         mode = CASE WHEN $setMode THEN $mode ELSE mode END,
         updated_at = $at
       WHERE id = $id`,
    ).run({
      id,
      setTitle: changes.title !== undefined ? 1 : 0,
      title: changes.title ?? null,
      setModel: changes.model !== undefined ? 1 : 0,
      model: changes.model ?? null,
      setMode: changes.mode !== undefined ? 1 : 0,
      mode: changes.mode ?? null,
      at: changes.at ?? Date.now(),
    });
  });
}

export function getSession(store: Store, id: string): SessionRecord | null {
  return store.use("read a session", null, (db) => {
    const row = db.query("SELECT * FROM sessions WHERE id = $id").get({ id }) as SessionRow | null;
    return row ? toSession(row) : null;
  });
}

/**
 * Sessions newest first (by last activity), one page at a time.
 *
 * @example
 * let page = listSessions(store, { cwd, limit: 50 });
 * while (page.nextCursor) page = listSessions(store, { cwd, cursor: page.nextCursor, limit: 50 });
 */
export function listSessions(store: Store, options: ListSessionsOptions): SessionPage {
  const after = options.cursor === undefined ? null : decodeCursor(options.cursor);
  const limit = Math.max(1, Math.floor(options.limit));
  return store.use("list sessions", { sessions: [], nextCursor: null }, (db) => {
    const rows = db
      .query(
        `SELECT * FROM sessions
         WHERE ($cwd IS NULL OR cwd = $cwd)
           AND ($exclude IS NULL OR coalesce(source, '') <> $exclude)
           AND ($afterAt IS NULL OR updated_at < $afterAt OR (updated_at = $afterAt AND id < $afterId))
         ORDER BY updated_at DESC, id DESC
         LIMIT $limit`,
      )
      .all({ cwd: options.cwd ?? null, exclude: options.excludeSource ?? null, afterAt: after?.at ?? null, afterId: after?.id ?? null, limit: limit + 1 }) as SessionRow[];
    const page = rows.slice(0, limit).map(toSession);
    const last = page.at(-1);
    return { sessions: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  });
}

/** Deletes a session with its turns, messages, tool calls and decisions. */
export function deleteSession(store: Store, id: string): void {
  store.use("delete a session", undefined, (db) => {
    db.query("DELETE FROM sessions WHERE id = $id").run({ id });
  });
}

export function setSessionConfig(store: Store, sessionId: string, key: string, value: string): void {
  store.use("save a session setting", undefined, (db) => {
    db.query(
      `INSERT INTO session_config (session_id, key, value) VALUES ($sessionId, $key, $value)
       ON CONFLICT (session_id, key) DO UPDATE SET value = excluded.value`,
    ).run({ sessionId, key, value });
  });
}

export function getSessionConfig(store: Store, sessionId: string): Record<string, string> {
  return store.use("read session settings", {}, (db) => {
    const rows = db.query("SELECT key, value FROM session_config WHERE session_id = $sessionId").all({ sessionId }) as {
      key: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  });
}

function encodeCursor(session: SessionRecord): string {
  return Buffer.from(JSON.stringify([session.updatedAt, session.id])).toString("base64url");
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") return { at: value[0], id: value[1] };
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}
