/**
 * A session's live record while this process runs it: status changes, every session/update and
 * every permission question go to `session_events` as they happen (batched in one transaction per
 * few milliseconds, adjacent text chunks merged), a heartbeat every few seconds, and the cancel request
 * another process may leave is polled while a turn runs.
 *
 * Row payloads (`session_events.payload`, JSON), in `id` order:
 * - `session`: `{status?, cwd?, source?, model?, mode?, title?, pid?}` — the first row of a
 *   session has them all; later ones what changed (status `running`, `waiting`, `idle`, `ended`).
 * - `update`: an ACP `session/update` as the IDE got it (adjacent message or thought chunks
 *   merged into one row); the prompt itself as a `user_message_chunk`.
 * - `permission`: a question `{requestId, toolCallId, title, options: [{optionId, name, kind}],
 *   command?, content?}`, then its answer `{requestId, outcome: {outcome: "selected", optionId} |
 *   {outcome: "cancelled"}}`. A question without an answer row is still open (if the owner's
 *   heartbeat is fresh).
 */
import type * as acp from "@agentclientprotocol/sdk";
import {
  appendEventsWithStatus,
  appendSessionEvents,
  beatSession,
  type NewSessionEvent,
  type SessionStatus,
  type Store,
  takeCancelRequest,
} from "../store/index.ts";

export const HEARTBEAT_INTERVAL_MS = 3000;
/**
 * Events wait this long to be written together: one transaction per window instead of one per
 * event keeps a tool call's recording well under its budget (bench/overhead.ts), and a reader in
 * another process still sees them within a few milliseconds.
 */
export const FLUSH_WINDOW_MS = 10;
export const CANCEL_POLL_INTERVAL_MS = 1000;

export type LiveLog = {
  status(status: SessionStatus): void;
  /** A settings change worth showing (title, model, mode). */
  session(details: Record<string, unknown>): void;
  update(update: acp.SessionUpdate): void;
  permission(payload: Record<string, unknown>): void;
  /** Writes what is queued now (before a turn's answer, or a question another process answers). */
  flush(): void;
  /** Calls `onCancel` once when another process asks to cancel; returns the stop function. */
  watchCancel(since: number, onCancel: () => void): () => void;
  close(): void;
};

const NO_LOG: LiveLog = {
  status() {},
  session() {},
  update() {},
  permission() {},
  flush() {},
  watchCancel: () => () => {},
  close() {},
};

export function openLiveLog(store: Store | null, sessionId: string, options: { heartbeatMs?: number; cancelPollMs?: number } = {}): LiveLog {
  if (!store) return NO_LOG;
  let queue: NewSessionEvent[] = [];
  // The pending flush: cleared when something writes the queue sooner, so no stale timer keeps a
  // finished process (`punie ask`) alive for a window.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unschedule = () => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    unschedule();
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    appendSessionEvents(store, sessionId, batch);
  };
  // A status change: what is queued, its own row and the session's status in one transaction.
  const flushWithStatus = (status: SessionStatus) => {
    unschedule();
    const batch = queue;
    queue = [];
    appendEventsWithStatus(store, sessionId, batch, status);
  };
  const push = (event: NewSessionEvent) => {
    const last = queue[queue.length - 1];
    if (last && mergeText(last, event)) return;
    queue.push(event);
    timer ??= setTimeout(flush, FLUSH_WINDOW_MS);
  };
  const heartbeat = setInterval(() => beatSession(store, sessionId), options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  return {
    status(status) {
      push({ kind: "session", payload: { status }, at: Date.now() });
      flushWithStatus(status);
    },
    session(details) {
      push({ kind: "session", payload: details, at: Date.now() });
    },
    update(update) {
      push({ kind: "update", payload: update, at: Date.now() });
    },
    permission(payload) {
      push({ kind: "permission", payload, at: Date.now() });
      flush();
    },
    flush,
    watchCancel(since, onCancel) {
      const timer = setInterval(() => {
        if (!takeCancelRequest(store, sessionId, since)) return;
        clearInterval(timer);
        onCancel();
      }, options.cancelPollMs ?? CANCEL_POLL_INTERVAL_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    close() {
      clearInterval(heartbeat);
      flush();
    },
  };
}

/** Adjacent chunks of the same kind become one row: a reader sees the same text, in far fewer rows. */
function mergeText(last: NewSessionEvent, next: NewSessionEvent): boolean {
  if (last.kind !== "update" || next.kind !== "update") return false;
  const a = last.payload as acp.SessionUpdate;
  const b = next.payload as acp.SessionUpdate;
  if (a.sessionUpdate !== b.sessionUpdate) return false;
  if (a.sessionUpdate !== "agent_message_chunk" && a.sessionUpdate !== "agent_thought_chunk") return false;
  if (a.content.type !== "text" || (b as typeof a).content.type !== "text") return false;
  const text = (a.content as { text: string }).text + ((b as typeof a).content as { text: string }).text;
  last.payload = { ...a, content: { type: "text", text } };
  return true;
}
