/**
 * Aggregate performance across prompts and sessions: per tool and backend, how often it ran, how
 * often it failed and how long it took (p50/p95); the same for model requests; and the series
 * over time the HTML report charts. Pure summaries over rows the store reads.
 */
import {
  listModelRequestTimings,
  listToolTimings,
  listTurnTimings,
  type ModelRequestTiming,
  type Store,
  type ToolTiming,
  type TurnTiming,
} from "../store/index.ts";
import { percentile } from "./percentile.ts";

export type ToolStats = {
  name: string;
  backend: string;
  /** Every call, refused ones included. */
  count: number;
  /** Calls refused by the person, the mode or a rule: they never ran, so they are no failures. */
  refusals: number;
  /** Calls that ran and did not complete. */
  failures: number;
  /** failures / calls that ran, 0..1. */
  failureRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalMs: number;
  /** Time waiting for a person's permission answer (not in the durations); null when not recorded. */
  waitMs: number | null;
};

export type ModelStats = {
  requests: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Time to the first streamed event. */
  firstEventP50Ms: number | null;
  firstEventP95Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Failed requests (see `isFailedModelRequest`). */
  failures: number;
  /** Requests cut off by the token limit (answered, but incompletely). */
  truncated: number;
};

export type PerfSummary = {
  /** Epoch ms of the window's start; null for everything. */
  since: number | null;
  prompts: number;
  sessions: number;
  modelMs: number;
  toolMs: number;
  /** Time tools waited for a person's permission answer, apart from tool time; null when not recorded. */
  waitMs: number | null;
  peakRss: number | null;
  tools: ToolStats[];
  model: ModelStats;
};

export type SeriesPoint = { start: number; count: number; failures: number; p50Ms: number | null; p95Ms: number | null };

export type PerfSeries = {
  /** Width of each time bucket (ms): an hour for windows up to two days, else a day. */
  bucketMs: number;
  tools: { name: string; backend: string; points: SeriesPoint[] }[];
  model: SeriesPoint[];
};

export type PerfRows = { tools: ToolTiming[]; requests: ModelRequestTiming[]; turns: TurnTiming[] };

export function readPerfRows(store: Store, options: { since?: number } = {}): PerfRows {
  return { tools: listToolTimings(store, options), requests: listModelRequestTimings(store, options), turns: listTurnTimings(store, options) };
}

/** Reads and summarizes; see `summarizePerf`. */
export function perfSummary(store: Store, options: { since?: number } = {}): PerfSummary {
  return summarizePerf(readPerfRows(store, options), options.since ?? null);
}

/** Reads and buckets over time; see `buildPerfSeries`. */
export function perfSeries(store: Store, options: { since?: number } = {}): PerfSeries {
  return buildPerfSeries(readPerfRows(store, options));
}

export function summarizePerf(rows: PerfRows, since: number | null): PerfSummary {
  const groups = Map.groupBy(rows.tools, (row) => `${row.name}\u0000${row.backend}`);
  const tools = [...groups.values()].map((calls) => toolStats(calls)).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.backend.localeCompare(b.backend));
  const durations = rows.requests.map((row) => row.durationMs);
  const firstEvents = rows.requests.flatMap((row) => (row.firstEventMs === null ? [] : [row.firstEventMs]));
  return {
    since,
    prompts: rows.turns.length,
    sessions: new Set(rows.turns.map((turn) => turn.sessionId)).size,
    modelMs: sum(rows.turns.map((turn) => turn.modelMs)),
    toolMs: sum(rows.turns.map((turn) => turn.toolMs)),
    waitMs: sumKnown(rows.tools.map((row) => row.waitMs)),
    peakRss: rows.turns.length === 0 ? null : Math.max(...rows.turns.map((turn) => turn.peakRss)),
    tools,
    model: {
      requests: rows.requests.length,
      p50Ms: percentile(durations, 50),
      p95Ms: percentile(durations, 95),
      firstEventP50Ms: percentile(firstEvents, 50),
      firstEventP95Ms: percentile(firstEvents, 95),
      inputTokens: sum(rows.requests.map((row) => row.inputTokens ?? 0)),
      outputTokens: sum(rows.requests.map((row) => row.outputTokens ?? 0)),
      failures: rows.requests.filter(isFailedModelRequest).length,
      truncated: rows.requests.filter((row) => row.finish === "length").length,
    },
  };
}

export function buildPerfSeries(rows: PerfRows): PerfSeries {
  const times = [...rows.tools.map((row) => row.startedAt), ...rows.requests.map((row) => row.startedAt)];
  const span = times.length === 0 ? 0 : Math.max(...times) - Math.min(...times);
  const bucketMs = span <= 2 * 86_400_000 ? 3_600_000 : 86_400_000;
  const bucket = (at: number) => Math.floor(at / bucketMs) * bucketMs;
  const groups = Map.groupBy(rows.tools, (row) => `${row.name}\u0000${row.backend}`);
  const tools = [...groups.values()].map((calls) => ({
    name: calls[0]?.name ?? "",
    backend: calls[0]?.backend ?? "",
    points: points(calls.filter((call) => !call.refused), bucket, (call) => call.durationMs, isFailedToolCall),
  }));
  tools.sort((a, b) => a.name.localeCompare(b.name) || a.backend.localeCompare(b.backend));
  return { bucketMs, tools, model: points(rows.requests, bucket, (row) => row.durationMs, isFailedModelRequest) };
}

function points<T extends { startedAt: number }>(
  rows: T[],
  bucket: (at: number) => number,
  duration: (row: T) => number | null,
  failed: (row: T) => boolean,
): SeriesPoint[] {
  const byBucket = Map.groupBy(rows, (row) => bucket(row.startedAt));
  return [...byBucket.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, group]) => {
      const values = group.flatMap((row) => {
        const value = duration(row);
        return value === null ? [] : [value];
      });
      return { start, count: group.length, failures: group.filter(failed).length, p50Ms: percentile(values, 50), p95Ms: percentile(values, 95) };
    });
}

/**
 * THE definition of a failed model request, for the table, the JSON and the charts: it ended
 * without a finish reason (a server fault, a dropped stream, a cancel). One cut off by the token
 * limit did answer and is counted apart as truncated.
 */
function isFailedModelRequest(row: Pick<ModelRequestTiming, "finish">): boolean {
  return row.finish === null;
}

/** A tool call that ran and did not complete. Refused calls never ran: they are counted apart. */
function isFailedToolCall(row: Pick<ToolTiming, "status" | "refused">): boolean {
  return !row.refused && row.status !== "completed";
}

function toolStats(calls: ToolTiming[]): ToolStats {
  const ran = calls.filter((call) => !call.refused);
  const durations = ran.flatMap((call) => (call.durationMs === null ? [] : [call.durationMs]));
  const failures = ran.filter(isFailedToolCall).length;
  return {
    name: calls[0]?.name ?? "",
    backend: calls[0]?.backend ?? "",
    count: calls.length,
    refusals: calls.length - ran.length,
    failures,
    failureRate: ran.length === 0 ? 0 : failures / ran.length,
    p50Ms: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
    totalMs: sum(durations),
    waitMs: sumKnown(calls.map((call) => call.waitMs)),
  };
}

/** The sum of the recorded values; null when none was recorded at all. */
function sumKnown(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : sum(known);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
