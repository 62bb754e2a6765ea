/**
 * What the server does in the background: ends sessions whose owner is gone (dead pid or no
 * heartbeat for 10 s) with a `session` event every dashboard sees, and prunes event rows older
 * than 7 days.
 */
import { appendSessionEvents, setSessionStatus } from "../store/session-live.ts";
import type { Store } from "../store/open.ts";
import { EVENT_RETENTION_MS, pruneEvents } from "../store/prune.ts";
import { isProcessAlive, ownerGone } from "./liveness.ts";

export type HousekeepingOptions = {
  store: Store;
  /** After a write of its own (the feed polls at once). */
  onWrite?: () => void;
  sweepMs?: number;
  pruneMs?: number;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
};

type LiveRow = { id: string; pid: number | null; heartbeat_at: number | null };

/** Ends the sessions whose owner is gone; returns their ids. */
export function sweepSessions(store: Store, now: number, isAlive: (pid: number) => boolean): string[] {
  const rows = store.use("read live sessions", [], (db) => db.query("SELECT id, pid, heartbeat_at FROM sessions WHERE status IN ('running', 'waiting', 'idle')").all() as LiveRow[]);
  const gone = rows.filter((row) => row.pid !== process.pid && ownerGone({ pid: row.pid, heartbeatAt: row.heartbeat_at }, now, isAlive));
  for (const row of gone) {
    setSessionStatus(store, row.id, "ended", now);
    appendSessionEvents(store, row.id, [{ kind: "session", payload: { status: "ended", reason: "owner_gone" }, at: now }]);
  }
  return gone.map((row) => row.id);
}

export function startHousekeeping(options: HousekeepingOptions): { stop(): void } {
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? isProcessAlive;
  const sweep = () => {
    if (sweepSessions(options.store, now(), isAlive).length > 0) options.onWrite?.();
  };
  const prune = () => pruneEvents(options.store, now() - EVENT_RETENTION_MS);
  sweep();
  prune();
  const sweeper = setInterval(sweep, options.sweepMs ?? 1000);
  const pruner = setInterval(prune, options.pruneMs ?? 3_600_000);
  return {
    stop() {
      clearInterval(sweeper);
      clearInterval(pruner);
    },
  };
}
