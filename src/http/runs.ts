/**
 * Eval and training runs over HTTP: `GET /api/eval/runs[/:id]` and `GET /api/train/runs[/:id]`
 * (an id or a unique prefix of one), read from the tables `punie eval` and `punie train` write.
 */
import { Hono } from "hono";
import { evalResults, findEvalRuns, listEvalRuns } from "../store/eval-runs.ts";
import type { Store } from "../store/open.ts";
import { findTrainingRuns, listTrainingRuns } from "../store/training-runs.ts";
import { fail } from "./errors.ts";

export const RUNS_LISTED = 100;

/** Parses a stored JSON document; a broken one is shown as its text rather than failing the page. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function single<T>(found: T[], what: string, id: string): T {
  if (found.length === 0) fail(404, `No ${what} ${id}.`);
  if (found.length > 1) fail(409, `${found.length} ${what}s start with ${id}; give more of the id.`);
  return found[0] as T;
}

export function runRoutes(store: Store): Hono {
  const runs = new Hono();
  runs.get("/eval/runs", (c) => c.json({ runs: listEvalRuns(store, RUNS_LISTED).map((run) => ({ ...run, config: parsed(run.config) })) }));
  runs.get("/eval/runs/:id", (c) => {
    const run = single(findEvalRuns(store, c.req.param("id")), "eval run", c.req.param("id"));
    const results = evalResults(store, run.id).map((result) => ({ ...result, result: parsed(result.result) }));
    return c.json({ run: { ...run, config: parsed(run.config) }, results });
  });
  runs.get("/train/runs", (c) => c.json({ runs: listTrainingRuns(store, RUNS_LISTED).map(({ record: _record, ...run }) => run) }));
  runs.get("/train/runs/:id", (c) => {
    const { record, ...run } = single(findTrainingRuns(store, c.req.param("id")), "training run", c.req.param("id"));
    return c.json({ run, record: parsed(record) });
  });
  return runs;
}
