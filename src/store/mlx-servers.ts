/**
 * Model servers `punie mlx start` left running on purpose: enough to find, show and stop them
 * from any later punie process (`punie mlx status|stop|logs`).
 */
import type { Store } from "./open.ts";

export type MlxServerRecord = {
  /** Short id shown to users. */
  id: string;
  /** The server's pid, which is also its process group id. */
  pid: number;
  host: string;
  port: number;
  /** `--model` as given. */
  model: string;
  /** `--adapter` as given, else null. */
  adapter: string | null;
  /** What mlx_lm actually serves: the model, or the fused copy with `--fuse`. */
  servedModel: string;
  logPath: string;
  argv: string[];
  /** Epoch ms. */
  startedAt: number;
  stoppedAt: number | null;
};

type Row = {
  id: string;
  pid: number;
  host: string;
  port: number;
  model: string;
  adapter: string | null;
  served_model: string;
  log_path: string;
  argv: string;
  started_at: number;
  stopped_at: number | null;
};

const fromRow = (row: Row): MlxServerRecord => ({
  id: row.id,
  pid: row.pid,
  host: row.host,
  port: row.port,
  model: row.model,
  adapter: row.adapter,
  servedModel: row.served_model,
  logPath: row.log_path,
  argv: JSON.parse(row.argv) as string[],
  startedAt: row.started_at,
  stoppedAt: row.stopped_at,
});

export function addMlxServer(store: Store, record: MlxServerRecord): void {
  store.use("record the model server", undefined, (db) => {
    db.query(
      `INSERT INTO mlx_servers (id, pid, host, port, model, adapter, served_model, log_path, argv, started_at, stopped_at)
       VALUES ($id, $pid, $host, $port, $model, $adapter, $served, $log, $argv, $started, $stopped)`,
    ).run({
      id: record.id,
      pid: record.pid,
      host: record.host,
      port: record.port,
      model: record.model,
      adapter: record.adapter,
      served: record.servedModel,
      log: record.logPath,
      argv: JSON.stringify(record.argv),
      started: record.startedAt,
      stopped: record.stoppedAt,
    });
  });
}

/** Servers not marked stopped, plus those stopped since `stoppedSince` (epoch ms) when given; newest first. */
export function listMlxServers(store: Store, stoppedSince?: number): MlxServerRecord[] {
  return store.use("list model servers", [], (db) =>
    (
      db
        .query("SELECT * FROM mlx_servers WHERE stopped_at IS NULL OR stopped_at >= $since ORDER BY started_at DESC, id")
        .all({ since: stoppedSince ?? Number.MAX_SAFE_INTEGER }) as Row[]
    ).map(fromRow),
  );
}

/** A server by id (or unique id prefix) or by port; live ones first. */
export function findMlxServer(store: Store, key: { id: string } | { port: number }): MlxServerRecord[] {
  return store.use("find a model server", [], (db) => {
    const rows =
      "id" in key
        ? (db.query("SELECT * FROM mlx_servers WHERE id LIKE $prefix || '%' ORDER BY stopped_at IS NOT NULL, started_at DESC").all({ prefix: key.id }) as Row[])
        : (db.query("SELECT * FROM mlx_servers WHERE port = $port ORDER BY stopped_at IS NOT NULL, started_at DESC").all({ port: key.port }) as Row[]);
    return rows.map(fromRow);
  });
}

export function markMlxServerStopped(store: Store, id: string, at = Date.now()): void {
  store.use("mark the model server stopped", undefined, (db) => {
    db.query("UPDATE mlx_servers SET stopped_at = $at WHERE id = $id AND stopped_at IS NULL").run({ id, at });
  });
}

/** Forgets servers stopped before `before` (epoch ms); returns how many. */
export function pruneMlxServers(store: Store, before: number): number {
  return store.use("prune model servers", 0, (db) => db.query("DELETE FROM mlx_servers WHERE stopped_at IS NOT NULL AND stopped_at < $before").run({ before }).changes);
}
