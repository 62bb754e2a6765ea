/**
 * The permission gate: tools describe what they are about to do; the gate decides (rules, mode,
 * remembered "always" answers) and only asks the user through the Workspace when it must.
 */
import type { ToolContent } from "../tools/types.ts";
import type { PermissionRequest } from "../workspace/types.ts";

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
  /** Absolute folder the command runs in (default: the workspace cwd); its paths resolve there. */
  cwd?: string;
  /** String arguments of an external tool: those naming a denied file refuse the call. */
  pathArgs?: string[];
  /** An external tool that declares it changes nothing: allowed unless a deny rule refuses it. */
  readOnly?: boolean;
  /** What the person approves besides the title: the diff of an edit. */
  content?: ToolContent[];
};

export interface PermissionGate {
  /** Resolves when allowed; throws PermissionDeniedError with a reason the model reads. */
  check(ask: PermissionAsk, signal: AbortSignal): Promise<void>;
  /**
   * The refusal a settings deny rule gives to reading a file, or null. `absPaths` are the spellings
   * of one file (as named, and its real path). Reads are never asked about, only denied by rule.
   */
  readDenial(absPaths: readonly string[]): string | null;
}

export const ALLOW_ONCE = "allow_once";
export const ALLOW_SESSION = "allow_always_session";
export const REJECT_ONCE = "reject_once";

/** A gate that allows everything: tests and `--yes`-style front ends. */
export const allowAllGate: PermissionGate = { check: async () => {}, readDenial: () => null };
