/**
 * The permission gate: tools describe what they are about to do; the gate decides (rules, mode,
 * remembered "always" answers) and only asks the user through the Workspace when it must.
 */
import { PermissionDeniedError } from "../errors.ts";
import type { PermissionOption, PermissionRequest, Workspace } from "../workspace/types.ts";

export type PermissionAsk = {
  /** "edit" for file changes, "execute" for commands, "mcp" for external tools. */
  action: PermissionRequest["action"];
  toolName: string;
  toolCallId: string;
  /** Human title shown in the prompt, e.g. "Write src/app.py". */
  title: string;
  /** Absolute paths touched (edits). */
  paths?: string[];
  /** The command line (executes). */
  command?: string;
};

export interface PermissionGate {
  /** Resolves when allowed; throws PermissionDeniedError with a reason the model reads. */
  check(ask: PermissionAsk, signal: AbortSignal): Promise<void>;
}

export const ALLOW_ONCE = "allow_once";
export const ALLOW_SESSION = "allow_always_session";
export const REJECT_ONCE = "reject_once";

export const DEFAULT_PERMISSION_OPTIONS: PermissionOption[] = [
  { optionId: ALLOW_ONCE, name: "Allow once", kind: "allow_once" },
  { optionId: ALLOW_SESSION, name: "Always allow for this session", kind: "allow_always" },
  { optionId: REJECT_ONCE, name: "Reject", kind: "reject_once" },
];

/**
 * The default gate: asks the user for every edit and command, remembering "always allow for this
 * session" per tool. Richer policies (modes, project rules) wrap or replace it.
 */
export function createAskingGate(workspace: Workspace): PermissionGate {
  const alwaysAllowed = new Set<string>();
  return {
    async check(ask, signal) {
      if (alwaysAllowed.has(ask.toolName)) return;
      const outcome = await workspace.requestPermission(
        { toolCallId: ask.toolCallId, title: ask.title, action: ask.action, options: DEFAULT_PERMISSION_OPTIONS },
        signal,
      );
      if (outcome.outcome === "cancelled") throw new PermissionDeniedError("The user cancelled the permission request.");
      if (outcome.optionId === ALLOW_SESSION) alwaysAllowed.add(ask.toolName);
      else if (outcome.optionId !== ALLOW_ONCE)
        throw new PermissionDeniedError(`The user rejected this action (${ask.title}). Do not retry it; ask or try another approach.`);
    },
  };
}

/** A gate that allows everything: tests and `--yes`-style front ends. */
export const allowAllGate: PermissionGate = { check: async () => {} };
