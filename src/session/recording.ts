/**
 * Between the permission gate and the store: "always allow in this project" keys kept per project,
 * and the gate's decision records in the store's shape.
 */
import { COMMAND_KEY, COMMAND_LINE_KEY } from "../permissions/always-keys.ts";
import type { PermissionDecisionRecord, ProjectRuleStore } from "../permissions/policy-gate.ts";
import { addProjectRule, isAllowedByProjectRule, type PermissionDecision, type Store } from "../store/index.ts";

/** How an exact command line is stored (a program name never starts like this). */
const EXACT_LINE_PREFIX = "$ ";

/**
 * Permission-gate keys ↔ the store's per-project rules: `command:git status *` is stored as the
 * execute rule `git status *`, `command-line:python3 x.py` as `$ python3 x.py`, `tool:edit_file`
 * as the edit rule `edit_file`.
 */
export function projectRuleStore(store: Store, project: string): ProjectRuleStore {
  const split = (key: string) => {
    if (key.startsWith(COMMAND_LINE_KEY)) return { tool: EXACT_LINE_PREFIX + key.slice(COMMAND_LINE_KEY.length), action: "execute" as const };
    if (key.startsWith(COMMAND_KEY)) return { tool: key.slice(COMMAND_KEY.length), action: "execute" as const };
    const [kind, ...rest] = key.split(":");
    return { tool: rest.join(":"), action: kind === "mcp" ? ("mcp" as const) : ("edit" as const) };
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

/** The gate's decision record in the store's shape (stamped by the turn recorder). */
export function toStoredDecision(record: PermissionDecisionRecord): Omit<PermissionDecision, "decidedAt"> {
  return {
    toolCallId: record.toolCallId,
    toolName: record.toolName,
    action: record.action,
    outcome: record.outcome,
    ...(record.reason ? { rule: record.reason } : {}),
    ...(record.waitMs === undefined ? {} : { waitMs: record.waitMs }),
  };
}
