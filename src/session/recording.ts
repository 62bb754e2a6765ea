/**
 * Records prompts in the database for history, perf and training data — or does nothing when
 * the database cannot be used (locked, corrupt, newer): the agent always works without history.
 */
import type { TurnResult } from "../agent/loop.ts";
import type { PermissionDecisionRecord, ProjectRuleStore } from "../permissions/policy-gate.ts";
import {
  addProjectRule,
  createTurnRecorder,
  defaultStorePath,
  isAllowedByProjectRule,
  openStore,
  recordTurn,
  type Store,
  type TurnRecord,
  type TurnRecorder,
  type TurnStart,
} from "../store/index.ts";

export type Recording = {
  readonly store: Store | null;
  startTurn(start: Omit<TurnStart, "model">): TurnRecorder;
  /** Stores the turn (when there is a store) and returns its record (perf reports use it). */
  finishTurn(recorder: TurnRecorder, result: TurnResult): TurnRecord;
  projectRules(project: string): ProjectRuleStore | null;
  close(): void;
};

export type RecordingOptions = {
  env: Record<string, string | undefined>;
  sessionId?: string;
  cwd: string;
  model: string;
  log: (message: string) => void;
  /** An already open store (ACP shares one per process). */
  store?: Store | null;
};

export function openRecording(options: RecordingOptions): Recording {
  const store = options.store !== undefined ? options.store : openStore({ path: defaultStorePath(options.env), log: { warn: options.log } });
  const sessionId = options.sessionId ?? crypto.randomUUID();
  let model = options.model;
  return {
    store,
    startTurn: (start) => createTurnRecorder({ ...start, model }),
    finishTurn(recorder, result) {
      const record = recorder.finish(result);
      if (store) recordTurn(store, sessionId, record);
      return record;
    },
    projectRules: (project) => (store ? projectRuleStore(store, project) : null),
    close() {
      if (options.store === undefined) store?.close();
    },
  };
}

/** Permission-gate keys (`tool:edit_file`, `command:git`) ↔ the store's per-project rules. */
export function projectRuleStore(store: Store, project: string): ProjectRuleStore {
  const split = (key: string) => {
    const [kind, ...rest] = key.split(":");
    return { tool: rest.join(":"), action: kind === "command" ? ("execute" as const) : kind === "mcp" ? ("mcp" as const) : ("edit" as const) };
  };
  return {
    has(key) {
      const { tool, action } = split(key);
      return isAllowedByProjectRule(store, project, tool, action);
    },
    add(key) {
      const { tool, action } = split(key);
      addProjectRule(store, { project, tool, action });
    },
  };
}

/** The gate's decision record in the store's shape. */
export function toStoredDecision(record: PermissionDecisionRecord) {
  return {
    toolCallId: record.toolCallId,
    toolName: record.toolName,
    action: record.action,
    outcome: record.outcome,
    ...(record.reason ? { rule: record.reason } : {}),
  };
}
