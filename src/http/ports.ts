/**
 * What the HTTP layer needs from the rest of Punie, as narrow ports (STYLE.md §5): reads of every
 * process's sessions, the sessions this server runs itself, and the live feed. server.ts wires the
 * real ones; tests may pass their own.
 */
import type { PerfSeries, PerfSummary } from "../perf/summary.ts";
import type { EvalRunRecord } from "../store/eval-runs.ts";
import type { TrainingRunRow } from "../store/training-runs.ts";
import type { Feed } from "./feed.ts";
import type { SecurityOptions } from "./security.ts";
import type { TranscriptView } from "./transcript.ts";

export type { SessionStatus } from "../store/sessions.ts";
export type { SessionSource } from "../session/runner.ts";
import type { SessionStatus } from "../store/sessions.ts";
import type { SessionSource } from "../session/runner.ts";

/** A session as the API lists it (snake_case, like the rest of the JSON API). */
export type SessionSummary = {
  id: string;
  title: string | null;
  cwd: string;
  model: string | null;
  mode: string | null;
  status: SessionStatus;
  pid: number | null;
  source: SessionSource;
  created_at: number;
  updated_at: number;
};

export type SessionPage = { sessions: SessionSummary[]; next_cursor: string | null };

export type PermissionOptionView = { optionId: string; name: string; kind: string };

/** A permission request still waiting for an answer. */
export type PendingPermission = { requestId: string; title: string; options: PermissionOptionView[] };

/** One finished turn's timings (the session page charts them). */
export type TurnSummary = { index: number; startedAt: number; durationMs: number; modelMs: number; toolMs: number; outputTokens: number; stopReason: string };

/** A punie process with sessions that have not ended. */
export type AgentSummary = { pid: number; source: SessionSource; cwd: string; sessions: number; busy: number };

export type SessionReads = {
  list(query: { limit: number; cursor?: string | undefined }): SessionPage;
  get(id: string): SessionSummary | null;
  agents(): AgentSummary[];
  transcript(id: string): TranscriptView;
  turns(id: string): TurnSummary[];
  /** Permission requests of the session not answered yet (whichever process owns it). */
  pendingPermissions(id: string): PendingPermission[];
  /** Asks the owning process (any process) to cancel the running turn. */
  requestCancel(id: string): void;
  latestEventId(): number;
  perf(): { summary: PerfSummary; series: PerfSeries };
};

export type NewHttpSession = { workspace: string; model?: string | undefined; mode?: string | undefined };

/** Sessions run by this server process. */
export type HttpSessions = {
  create(input: NewHttpSession): Promise<{ id: string }>;
  owns(id: string): boolean;
  /** Starts a turn in the background; false when one is already running. */
  prompt(id: string, text: string): boolean;
  /** Answers a pending permission request; false when there is none with that id. */
  answer(id: string, requestId: string, optionId: string): boolean;
  cancel(id: string): boolean;
  close(): Promise<void>;
};

/** Eval and training runs (`punie eval`, `punie train`). */
export type RunReads = { evalRuns(): EvalRunRecord[]; trainingRuns(): TrainingRunRow[] };

export type ServeContext = {
  version: string;
  startedAt: number;
  model: { spec: string; reachable(): Promise<boolean> };
  security: SecurityOptions;
  reads: SessionReads;
  sessions: HttpSessions;
  feed: Feed;
  runs: RunReads;
};
