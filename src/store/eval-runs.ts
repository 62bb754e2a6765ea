/**
 * Eval runs and their prompt results (`punie eval`). Results are kept whole as JSON: the eval
 * module owns their shape; this file only stores and finds them.
 */
import type { Store } from "./open.ts";

export type EvalRunStatus = "running" | "done" | "interrupted" | "failed";

export type EvalRunRecord = {
  id: string;
  suite: string;
  /** Built-in suite name or the suite file's absolute path (`--resume` loads it again). */
  suiteRef: string;
  model: string;
  /** The run's settings as JSON (repeat, timeout, sampling). */
  config: string;
  status: EvalRunStatus;
  score: number | null;
  successRate: number | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
};

export type EvalResultRecord = { runId: string; promptId: string; attempt: number; category: string; score: number; result: string };

type RunRow = {
  id: string;
  suite: string;
  suite_ref: string;
  model: string;
  config: string;
  status: EvalRunStatus;
  score: number | null;
  success_rate: number | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number;
};

const toRun = (row: RunRow): EvalRunRecord => ({
  id: row.id,
  suite: row.suite,
  suiteRef: row.suite_ref,
  model: row.model,
  config: row.config,
  status: row.status,
  score: row.score,
  successRate: row.success_rate,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  durationMs: row.duration_ms,
});

export function createEvalRun(store: Store, run: Pick<EvalRunRecord, "id" | "suite" | "suiteRef" | "model" | "config" | "startedAt">): void {
  store.use("record the eval run", undefined, (db) => {
    db.query(
      `INSERT INTO eval_runs (id, suite, suite_ref, model, config, status, started_at)
       VALUES ($id, $suite, $suiteRef, $model, $config, 'running', $startedAt)`,
    ).run(run);
  });
}

/** Stores one prompt attempt (again: a resumed attempt replaces nothing, it was missing). */
export function addEvalResult(store: Store, result: EvalResultRecord): void {
  store.use("record an eval result", undefined, (db) => {
    db.query(
      `INSERT OR REPLACE INTO eval_results (run_id, prompt_id, attempt, category, score, result, recorded_at)
       VALUES ($runId, $promptId, $attempt, $category, $score, $result, $at)`,
    ).run({ ...result, at: Date.now() });
  });
}

export function updateEvalRun(
  store: Store,
  id: string,
  changes: Pick<EvalRunRecord, "status" | "score" | "successRate" | "durationMs"> & { endedAt: number | null },
): void {
  store.use("update the eval run", undefined, (db) => {
    db.query(
      `UPDATE eval_runs SET status = $status, score = $score, success_rate = $successRate, ended_at = $endedAt,
       duration_ms = $durationMs WHERE id = $id`,
    ).run({ id, ...changes });
  });
}

/** Newest first. */
export function listEvalRuns(store: Store, limit: number): EvalRunRecord[] {
  return store.use("list eval runs", [] as EvalRunRecord[], (db) =>
    (db.query("SELECT * FROM eval_runs ORDER BY started_at DESC, id DESC LIMIT $limit").all({ limit }) as RunRow[]).map(toRun),
  );
}

/** Runs whose id is `id` or starts with it (several: the prefix is ambiguous). */
export function findEvalRuns(store: Store, id: string): EvalRunRecord[] {
  return store.use("find an eval run", [] as EvalRunRecord[], (db) => {
    const exact = db.query("SELECT * FROM eval_runs WHERE id = $id").get({ id }) as RunRow | null;
    if (exact) return [toRun(exact)];
    const prefix = `${id.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_")}%`;
    return (db.query("SELECT * FROM eval_runs WHERE id LIKE $prefix ESCAPE '\\' ORDER BY started_at DESC LIMIT 5").all({ prefix }) as RunRow[]).map(toRun);
  });
}

export function evalResults(store: Store, runId: string): EvalResultRecord[] {
  return store.use("read eval results", [] as EvalResultRecord[], (db) =>
    db
      .query(
        `SELECT run_id AS runId, prompt_id AS promptId, attempt, category, score, result
         FROM eval_results WHERE run_id = $runId ORDER BY recorded_at, prompt_id, attempt`,
      )
      .all({ runId }) as EvalResultRecord[],
  );
}
