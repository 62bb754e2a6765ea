/**
 * Eval runs in the database, in eval's own shapes: create, record results as they come, finish,
 * and read back a run as its summary (for show, compare, resume).
 */
import { CliError } from "../errors.ts";
import { addEvalResult, createEvalRun, evalResults, type EvalRunRecord, findEvalRuns, type Store, updateEvalRun } from "../store/index.ts";
import type { ServerRequest } from "./managed-server.ts";
import type { PromptResult } from "./result-types.ts";
import { type RunStatus, type RunSummary, summarizeRun } from "./summary.ts";

/** What a run was started with; `--resume` runs the missing prompts with the same. */
export type RunConfig = {
  repeat: number;
  timeoutMs: number;
  /** Environment overrides for the model (`PUNIE_TEMPERATURE` in a grid). */
  env?: Record<string, string>;
  /** The suite's prompt ids in order: reports list prompts in it. */
  order?: string[];
  /** `--server`: the managed server the run was (and a resume is) served with. */
  server?: ServerRequest;
};

export function newRunId(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${stamp}-${crypto.randomUUID().slice(0, 4)}`;
}

export function startRun(store: Store | null, run: { id: string; suite: string; suiteRef: string; model: string; config: RunConfig; startedAt: number }): void {
  if (store) createEvalRun(store, { ...run, config: JSON.stringify(run.config) });
}

export function recordResult(store: Store | null, runId: string, result: PromptResult): void {
  if (store) addEvalResult(store, { runId, promptId: result.id, attempt: result.attempt, category: result.category, score: result.score, result: JSON.stringify(result) });
}

export function finishRun(store: Store | null, summary: RunSummary): void {
  if (!store) return;
  updateEvalRun(store, summary.runId, {
    status: summary.status,
    score: summary.score,
    successRate: summary.successRate,
    durationMs: summary.durationMs,
    endedAt: summary.status === "running" ? null : Date.now(),
  });
}

export type StoredRun = { record: EvalRunRecord; config: RunConfig; results: PromptResult[] };

/** The run `id` names (a unique prefix will do), or a one-line error. */
export function loadRun(store: Store | null, id: string): StoredRun {
  if (!store) throw new CliError("The database is not available, so no eval run can be read.");
  const found = findEvalRuns(store, id);
  if (found.length === 0) throw new CliError(`No eval run "${id}" (see punie eval list).`);
  if (found.length > 1) throw new CliError(`"${id}" matches several eval runs (${found.map((run) => run.id).join(", ")}): give more of the id.`);
  const record = found[0] as EvalRunRecord;
  const results = evalResults(store, record.id).map((row) => JSON.parse(row.result) as PromptResult);
  return { record, config: JSON.parse(record.config) as RunConfig, results };
}

export function summarizeStored(run: StoredRun): RunSummary {
  return summarizeRun(
    {
      runId: run.record.id,
      suite: run.record.suite,
      model: run.record.model,
      status: run.record.status as RunStatus,
      startedAt: run.record.startedAt,
      durationMs: run.record.durationMs,
      repeat: run.config.repeat,
    },
    run.results,
    run.config.order ?? [],
  );
}
