/**
 * Training runs (`punie train`, `train bench`, each run of `train grid`): the columns `train list`
 * shows, plus the whole training.json as text for `train show` and the HTML report.
 */
import type { Store } from "./open.ts";

export type TrainingRunRow = {
  id: string;
  kind: "train" | "bench" | "grid";
  outputDir: string;
  model: string;
  dataDir: string;
  status: string;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  iters: number;
  lastIteration: number | null;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  tokensPerSec: number | null;
  peakMemGb: number | null;
  /** training.json, as written. */
  record: string;
};

type Row = {
  id: string;
  kind: TrainingRunRow["kind"];
  output_dir: string;
  model: string;
  data_dir: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  iters: number;
  last_iteration: number | null;
  final_train_loss: number | null;
  final_val_loss: number | null;
  tokens_per_sec: number | null;
  peak_mem_gb: number | null;
  record: string;
};

const fromRow = (row: Row): TrainingRunRow => ({
  id: row.id,
  kind: row.kind,
  outputDir: row.output_dir,
  model: row.model,
  dataDir: row.data_dir,
  status: row.status,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  iters: row.iters,
  lastIteration: row.last_iteration,
  finalTrainLoss: row.final_train_loss,
  finalValLoss: row.final_val_loss,
  tokensPerSec: row.tokens_per_sec,
  peakMemGb: row.peak_mem_gb,
  record: row.record,
});

/** Inserts or replaces the run with this id. */
export function saveTrainingRun(store: Store, run: TrainingRunRow): void {
  store.use("record the training run", undefined, (db) => {
    db.query(
      `INSERT OR REPLACE INTO training_runs (id, kind, output_dir, model, data_dir, status, started_at, ended_at, iters,
         last_iteration, final_train_loss, final_val_loss, tokens_per_sec, peak_mem_gb, record)
       VALUES ($id, $kind, $dir, $model, $data, $status, $started, $ended, $iters, $last, $train, $val, $tps, $mem, $record)`,
    ).run({
      id: run.id,
      kind: run.kind,
      dir: run.outputDir,
      model: run.model,
      data: run.dataDir,
      status: run.status,
      started: run.startedAt,
      ended: run.endedAt,
      iters: run.iters,
      last: run.lastIteration,
      train: finite(run.finalTrainLoss),
      val: finite(run.finalValLoss),
      tps: finite(run.tokensPerSec),
      mem: finite(run.peakMemGb),
      record: run.record,
    });
  });
}

const finite = (n: number | null): number | null => (n !== null && Number.isFinite(n) ? n : null);

/** Newest first. */
export function listTrainingRuns(store: Store, limit = 50): TrainingRunRow[] {
  return store.use("list training runs", [], (db) =>
    (db.query("SELECT * FROM training_runs ORDER BY started_at DESC, id LIMIT $limit").all({ limit }) as Row[]).map(fromRow),
  );
}

/** Runs whose id starts with `key`, or whose output folder is `key` (an absolute path). */
export function findTrainingRuns(store: Store, key: string): TrainingRunRow[] {
  return store.use("find a training run", [], (db) =>
    (
      db
        .query("SELECT * FROM training_runs WHERE id LIKE $key || '%' OR output_dir = $key ORDER BY started_at DESC")
        .all({ key }) as Row[]
    ).map(fromRow),
  );
}
