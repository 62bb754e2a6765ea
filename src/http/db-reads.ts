/**
 * The dashboard's reads of the shared database: every process's sessions with their effective
 * status (a session whose owner is gone reads `ended` even before the sweeper records it), the
 * agents running now, a session's transcript (finished turns from history, the running turn from
 * its live events), pending permission questions, and the events table as the live feed's source.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { Database } from "bun:sqlite";
import { transcriptToUpdates } from "../acp/replay.ts";
import { buildPerfSeries, readPerfRows, summarizePerf } from "../perf/summary.ts";
import { loadTranscript } from "../store/history.ts";
import type { Store } from "../store/open.ts";
import { requestSessionCancel } from "../store/session-live.ts";
import { getSession, listSessions, type SessionRecord } from "../store/sessions.ts";
import type { EventSource, LiveEvent, LiveEventKind } from "./feed.ts";
import { isProcessAlive, ownerGone } from "./liveness.ts";
import type { AgentSummary, PendingPermission, SessionReads, SessionSource, SessionStatus, SessionSummary, TurnSummary } from "./ports.ts";
import { applyPermission, applyUpdate, emptyTranscript, seal } from "./transcript.ts";

/** The session fields the summary needs (a SessionRecord, or the same columns read directly). */
type SessionFacts = Pick<SessionRecord, "id" | "title" | "cwd" | "model" | "mode" | "source" | "pid" | "status" | "heartbeatAt" | "createdAt" | "updatedAt">;

/** Sessions that may still be running, with the columns named as in SessionRecord. */
const LIVE_SESSIONS = `SELECT id, title, cwd, model, mode, source, pid, status, heartbeat_at AS heartbeatAt, created_at AS createdAt,
  updated_at AS updatedAt FROM sessions WHERE status IS NOT NULL AND status <> 'ended' AND pid IS NOT NULL`;

type EventRow = { id: number; session_id: string; kind: LiveEventKind; payload: string; created_at: number };

const STATUSES = new Set<string>(["running", "waiting", "idle", "ended"]);
const SOURCES = new Set<string>(["acp", "ask", "http", "eval"]);

export type DbReadsOptions = {
  /** Questions of the sessions this server runs (known exactly, in memory). */
  pendingOf?: (sessionId: string) => PendingPermission[] | null;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
};

/** A session as the API shows it; `ended` when its owner is gone, whatever the row says. */
function toSummary(row: SessionFacts, now: number, isAlive: (pid: number) => boolean): SessionSummary {
  const stored = row.status !== null && STATUSES.has(row.status) ? row.status : "ended";
  const status: SessionStatus = stored !== "ended" && ownerGone(row, now, isAlive) ? "ended" : stored;
  return {
    id: row.id,
    title: row.title,
    cwd: row.cwd,
    model: row.model,
    mode: row.mode,
    status,
    pid: row.pid,
    source: row.source !== null && SOURCES.has(row.source) ? (row.source as SessionSource) : "acp",
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function createDbReads(store: Store, options: DbReadsOptions = {}): SessionReads {
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? isProcessAlive;
  const use = <T>(what: string, fallback: T, action: (db: Database) => T) => store.use(what, fallback, action);
  const summary = (row: SessionFacts) => toSummary(row, now(), isAlive);

  const eventsOf = (sessionId: string, afterAt: number, kind: LiveEventKind | null = null): EventRow[] =>
    use("read a session's events", [], (db) =>
      db
        .query("SELECT * FROM session_events WHERE session_id = $sessionId AND created_at > $afterAt AND ($kind IS NULL OR kind = $kind) ORDER BY id")
        .all({ sessionId, afterAt, kind }) as EventRow[],
    );

  const pendingFromEvents = (sessionId: string): PendingPermission[] => {
    const open = new Map<string, PendingPermission>();
    for (const event of eventsOf(sessionId, 0, "permission")) {
      const payload = parsePayload(event.payload) as { requestId?: string; title?: string; options?: PendingPermission["options"]; outcome?: unknown };
      if (typeof payload.requestId !== "string") continue;
      if (payload.outcome !== undefined) open.delete(payload.requestId);
      else open.set(payload.requestId, { requestId: payload.requestId, title: payload.title ?? "Permission requested", options: payload.options ?? [] });
    }
    return [...open.values()];
  };

  return {
    list({ limit, cursor }) {
      // Eval sessions stay out: they belong to their eval run.
      const page = listSessions(store, { limit, excludeSource: "eval", ...(cursor === undefined ? {} : { cursor }) });
      return { sessions: page.sessions.map(summary), next_cursor: page.nextCursor };
    },
    get(id) {
      const record = getSession(store, id);
      return record ? summary(record) : null;
    },
    agents() {
      const rows = use("list running sessions", [], (db) => db.query(LIVE_SESSIONS).all() as SessionFacts[]);
      const live = rows.map(summary).filter((session) => session.status !== "ended" && session.source !== "eval");
      return [...Map.groupBy(live, (session) => session.pid ?? 0).entries()].map(
        ([pid, sessions]): AgentSummary => ({
          pid,
          source: sessions[0]?.source ?? "acp",
          cwd: sessions[0]?.cwd ?? "",
          sessions: sessions.length,
          busy: sessions.filter((session) => session.status === "running" || session.status === "waiting").length,
        }),
      );
    },
    transcript(id) {
      // Finished turns come from history (kept for good); the turn running now from its events.
      // Stored items are whole messages: each starts a new entry, and so does the running turn.
      const view = emptyTranscript();
      for (const update of transcriptToUpdates(loadTranscript(store, id))) seal(applyUpdate(view, update));
      const lastEnded = use("read a session's last turn", 0, (db) => (db.query("SELECT max(ended_at) AS at FROM turns WHERE session_id = $id").get({ id }) as { at: number | null } | null)?.at ?? 0);
      for (const event of eventsOf(id, lastEnded)) {
        const payload = parsePayload(event.payload);
        if (event.kind === "update") applyUpdate(view, payload as acp.SessionUpdate);
        else if (event.kind === "permission") {
          const question = payload as { requestId?: unknown; title?: string; options?: PendingPermission["options"]; outcome?: unknown };
          if (typeof question.requestId === "string" && question.outcome === undefined) applyPermission(view, { requestId: question.requestId, title: question.title, options: question.options ?? [] });
        }
      }
      return view;
    },
    turns(id) {
      return use("read a session's turns", [], (db) =>
        db
          .query(
            `SELECT idx AS "index", started_at AS startedAt, ended_at - started_at AS durationMs, model_ms AS modelMs, tool_ms AS toolMs,
               output_tokens AS outputTokens, stop_reason AS stopReason FROM turns WHERE session_id = $id ORDER BY idx`,
          )
          .all({ id }) as TurnSummary[],
      );
    },
    pendingPermissions(id) {
      return options.pendingOf?.(id) ?? pendingFromEvents(id);
    },
    requestCancel(id) {
      requestSessionCancel(store, id);
    },
    latestEventId: () => latestEventId(store),
    perf() {
      const rows = readPerfRows(store);
      return { summary: summarizePerf(rows, null), series: buildPerfSeries(rows) };
    },
  };
}

function latestEventId(store: Store): number {
  return store.use("read the last event id", 0, (db) => (db.query("SELECT max(id) AS id FROM session_events").get() as { id: number | null } | null)?.id ?? 0);
}

/**
 * The events table as the feed's source. `PRAGMA data_version` changes when another connection
 * commits; this connection's own writes are seen through `total_changes()`.
 */
export function createDbEventSource(store: Store): EventSource {
  let seen = "";
  return {
    latestEventId: () => latestEventId(store),
    eventsAfter(afterId, limit) {
      const rows = store.use("read events", [], (db) => db.query("SELECT * FROM session_events WHERE id > $afterId ORDER BY id LIMIT $limit").all({ afterId, limit }) as EventRow[]);
      return rows.map(toLiveEvent);
    },
    maybeChanged() {
      const marker = store.use("check for new events", "", (db) => {
        const version = db.query("PRAGMA data_version").get() as { data_version: number };
        const changes = db.query("SELECT total_changes() AS n").get() as { n: number };
        return `${version.data_version}:${changes.n}`;
      });
      const changed = marker !== seen;
      seen = marker;
      return changed;
    },
  };
}

/** An event row as the SSE stream sends it: the session id added to what the runner recorded. */
function toLiveEvent(row: EventRow): LiveEvent {
  const payload = parsePayload(row.payload);
  if (row.kind === "update") return { id: row.id, kind: row.kind, data: { sessionId: row.session_id, update: payload } };
  return { id: row.id, kind: row.kind, data: { ...(isRecord(payload) ? payload : {}), sessionId: row.session_id } };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
