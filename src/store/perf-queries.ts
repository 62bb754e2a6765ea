/**
 * The raw timings behind `punie perf`: one row per tool call, model request and turn since a
 * date. Summaries (percentiles, failure rates) are pure functions in src/perf/.
 */
import type { WorkspaceKind } from "../workspace/types.ts";
import type { Store } from "./open.ts";
import type { Frontend } from "./types.ts";

export type TimingQuery = {
  /** Epoch ms; only turns started at or after it. */
  since?: number;
};

export type ToolTiming = {
  name: string;
  backend: WorkspaceKind;
  status: string;
  /** Null for calls that never finished. */
  durationMs: number | null;
  /** Epoch ms. */
  startedAt: number;
  /** The person, the permission mode or a rule said no: the tool never ran (not a failure). */
  refused: boolean;
  /** Time spent waiting for a person's permission answer (0 when nobody was asked); null when not known. */
  waitMs: number | null;
};

export type ModelRequestTiming = {
  model: string;
  durationMs: number;
  firstEventMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  finish: string | null;
  /** Epoch ms the turn started. */
  startedAt: number;
};

export type TurnTiming = {
  sessionId: string;
  model: string;
  frontend: Frontend;
  backend: WorkspaceKind;
  stopReason: string;
  startedAt: number;
  endedAt: number;
  modelMs: number;
  toolMs: number;
  inputTokens: number;
  outputTokens: number;
  peakRss: number;
};

/** Permission outcomes that mean the call was refused rather than run. */
export const REFUSED_OUTCOMES = ["rejected", "denied_by_rule", "denied_by_mode"] as const;

/** Eval runs (frontend `eval`) are left out: they have their own view (`punie eval list`). */
export function listToolTimings(store: Store, query: TimingQuery = {}): ToolTiming[] {
  return store.use("read tool timings", [], (db) => {
    const decisions = `FROM permission_decisions p WHERE p.turn_id = c.turn_id AND p.tool_call_id = c.tool_call_id`;
    const rows = db
      .query(
        `SELECT c.name, c.backend, c.status, c.duration_ms AS durationMs, c.started_at AS startedAt,
           EXISTS (SELECT 1 ${decisions} AND p.outcome IN (${REFUSED_OUTCOMES.map((o) => `'${o}'`).join(", ")})) AS refused,
           (SELECT COALESCE(SUM(p.wait_ms), 0) ${decisions}) AS waitMs
         FROM tool_calls c JOIN turns t ON t.id = c.turn_id
         WHERE t.started_at >= $since AND t.frontend != 'eval' ORDER BY c.started_at`,
      )
      .all({ since: query.since ?? 0 }) as (Omit<ToolTiming, "refused"> & { refused: number })[];
    return rows.map((row) => ({ ...row, refused: row.refused === 1 }));
  });
}

export function listModelRequestTimings(store: Store, query: TimingQuery = {}): ModelRequestTiming[] {
  return store.use("read model timings", [], (db) =>
    db
      .query(
        `SELECT t.model, r.duration_ms AS durationMs, r.first_event_ms AS firstEventMs, r.input_tokens AS inputTokens,
           r.output_tokens AS outputTokens, r.finish, t.started_at AS startedAt
         FROM model_requests r JOIN turns t ON t.id = r.turn_id
         WHERE t.started_at >= $since AND t.frontend != 'eval' ORDER BY t.started_at, r.idx`,
      )
      .all({ since: query.since ?? 0 }) as ModelRequestTiming[],
  );
}

export function listTurnTimings(store: Store, query: TimingQuery = {}): TurnTiming[] {
  return store.use("read turn timings", [], (db) =>
    db
      .query(
        `SELECT session_id AS sessionId, model, frontend, backend, stop_reason AS stopReason, started_at AS startedAt,
           ended_at AS endedAt, model_ms AS modelMs, tool_ms AS toolMs, input_tokens AS inputTokens,
           output_tokens AS outputTokens, peak_rss AS peakRss
         FROM turns WHERE started_at >= $since AND frontend != 'eval' ORDER BY started_at`,
      )
      .all({ since: query.since ?? 0 }) as TurnTiming[],
  );
}
