/**
 * Keeping the database small: live event rows are only needed while sessions are watched (7 days),
 * and `punie db prune` removes whole sessions that ended long ago, with their history.
 */
import { statSync } from "node:fs";
import type { Store } from "./open.ts";

export const EVENT_RETENTION_MS = 7 * 86_400_000;

/** Deletes event rows created before `before` (epoch ms); returns how many. */
export function pruneEvents(store: Store, before: number): number {
  return store.use("prune old events", 0, (db) => db.query("DELETE FROM session_events WHERE created_at < $before").run({ before }).changes);
}

export type PruneReport = { sessions: number; turns: number; events: number; bytesBefore: number; bytesAfter: number };

/**
 * Removes sessions not active since `before` and not running (their turns, messages, tool calls,
 * decisions and events go with them), old event rows, then compacts the file.
 */
export function pruneSessions(store: Store, before: number, isRunning: (session: { pid: number | null; status: string | null; heartbeatAt: number | null }) => boolean): PruneReport {
  const bytesBefore = fileSize(store.path);
  const counts = store.use("prune old sessions", { sessions: 0, turns: 0, events: 0 }, (db) =>
    db
      .transaction(() => {
        const old = db.query("SELECT id, pid, status, heartbeat_at AS heartbeatAt FROM sessions WHERE updated_at < $before").all({ before }) as {
          id: string;
          pid: number | null;
          status: string | null;
          heartbeatAt: number | null;
        }[];
        const ids = old.filter((session) => !isRunning(session)).map((session) => session.id);
        let turns = 0;
        let events = 0;
        const countTurns = db.query("SELECT count(*) AS n FROM turns WHERE session_id = $id");
        const countEvents = db.query("SELECT count(*) AS n FROM session_events WHERE session_id = $id");
        const remove = db.query("DELETE FROM sessions WHERE id = $id");
        for (const id of ids) {
          turns += (countTurns.get({ id }) as { n: number }).n;
          events += (countEvents.get({ id }) as { n: number }).n;
          remove.run({ id });
        }
        events += db.query("DELETE FROM session_events WHERE created_at < $before").run({ before }).changes;
        return { sessions: ids.length, turns, events };
      })
      .immediate(),
  );
  // VACUUM needs a moment without other writers; when it cannot, the space is reused later. In WAL
  // mode VACUUM writes the compacted database into the log first: the checkpoint moves it into the
  // file and empties the log, or the files would be larger than before until the next checkpoint.
  store.use("compact the database", undefined, (db) => {
    try {
      db.exec("VACUUM");
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch {
      // Another process holds the database; freed pages stay free for new rows.
    }
  });
  return { ...counts, bytesBefore, bytesAfter: fileSize(store.path) };
}

function fileSize(path: string): number {
  const size = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  return size(path) + size(`${path}-wal`);
}
