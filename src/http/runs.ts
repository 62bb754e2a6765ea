/**
 * Training runs over HTTP: `GET /api/train/runs[/:id]` (an id or a unique prefix of one), read
 * from the table `punie train` writes.
 */
import { Hono } from "hono";
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
  runs.get("/train/runs", (c) => c.json({ runs: listTrainingRuns(store, RUNS_LISTED).map(({ record: _record, ...run }) => run) }));
  runs.get("/train/runs/:id", (c) => {
    const { record, ...run } = single(findTrainingRuns(store, c.req.param("id")), "training run", c.req.param("id"));
    return c.json({ run, record: parsed(record) });
  });
  return runs;
}
