/**
 * The permission policy as one pure function: settings deny rules, then allow rules, then the
 * mode, then remembered "always allow" answers; anything left is asked. No I/O, so every branch is
 * a table row in the tests.
 */
import { isAbsolute, relative, sep } from "node:path";
import { type AlwaysKey, alwaysKey, isKeyCovered } from "./always-keys.ts";
import type { PermissionMode } from "./modes.ts";
import {
  commandRuleMatches,
  describeRule,
  isCommandRule,
  isPathRule,
  isToolRule,
  type PathAction,
  type PermissionRules,
  pathRuleCovers,
  pathRuleMatches,
  type SourcedRule,
  toolRuleMatches,
} from "./rules.ts";
import { expandProgramCall, type ShellCall, type SplitResult, splitShellCommand } from "./shell-split.ts";

export type PolicyAction = "edit" | "execute" | "mcp";

/** A Set, or a store's lookup (project rules live in the database). */
export type KeySet = { has(key: string): boolean };

export type PolicyInput = {
  action: PolicyAction;
  mode: PermissionMode;
  toolName: string;
  /** Absolute paths an edit touches. */
  paths?: readonly string[];
  /**
   * Absolute paths a command or an external tool names (arguments, redirection targets, globs
   * already expanded): read-covering deny rules refuse them all, edit-covering ones the writes.
   */
  touched?: readonly TouchedPath[];
  /** A shell command line, or a program with its arguments (no shell). */
  command?: string | { program: string; args: readonly string[] };
  workspaceRoots: readonly string[];
  /** Absolute session directory; the command's working directory. */
  cwd: string;
  rules: PermissionRules;
  sessionAlways: KeySet;
  projectAlways: KeySet;
  /** An external (MCP) tool that declares it changes nothing. */
  readOnlyTool?: boolean;
};

/** A path named by a command or a tool call; `write` for output redirections. */
export type TouchedPath = { path: string; write: boolean };

export type Decision =
  | { kind: "allow"; by: "rule" | "mode" | "session" | "project" | "read_only_tool"; reason: string }
  | { kind: "deny"; by: "rule" | "mode"; reason: string }
  | {
      kind: "ask";
      /** What "always allow" would remember; empty when nothing safe can be (unparseable command). */
      keys: string[];
      /** Why asking was unavoidable, when there is a reason worth showing. */
      reason?: string;
    };

export function decide(input: PolicyInput): Decision {
  const split = splitCommand(input);
  const calls = split?.ok ? split.commands : [];

  for (const sourced of input.rules.deny) {
    const denied = deniedSubject(sourced, input, calls);
    if (denied !== null) {
      return {
        kind: "deny",
        by: "rule",
        reason: `Refused by the settings rule ${describeRule(sourced)}: ${denied} is denied in every mode. Do not retry it; find another way or ask the user.`,
      };
    }
  }
  if (split && !split.ok && input.rules.deny.some((r) => isCommandRule(r.rule) || (isPathRule(r.rule) && pathRuleCovers(r.rule, "read")))) {
    // A deny rule might match a program we could not see: never let the mode or memory allow it.
    if (input.mode === "read-only") return denyByMode(input);
    return { kind: "ask", keys: [], reason: `The command could not be checked against the settings rules: ${split.reason}.` };
  }

  const allowedBy = allowingRules(input, split, calls);
  if (allowedBy !== null) {
    return { kind: "allow", by: "rule", reason: `Allowed by the settings rule ${allowedBy.map(describeRule).join(" and ")}.` };
  }
  if (input.readOnlyTool) return { kind: "allow", by: "read_only_tool", reason: `${input.toolName} is marked read-only.` };

  const byMode = decideByMode(input);
  if (byMode !== null) return byMode;

  const entries = alwaysEntries(input.action, input.toolName, split);
  const keys = entries.map((entry) => entry.key);
  const inSession = (key: string) => input.sessionAlways.has(key);
  if (entries.length > 0 && entries.every((entry) => isKeyCovered(entry, inSession))) {
    return { kind: "allow", by: "session", reason: `Always allowed for this session (${keys.join(", ")}).` };
  }
  const inProject = (key: string) => inSession(key) || input.projectAlways.has(key);
  if (entries.length > 0 && entries.every((entry) => isKeyCovered(entry, inProject))) {
    return { kind: "allow", by: "project", reason: `Always allowed in this project (${keys.join(", ")}).` };
  }
  return split && !split.ok
    ? { kind: "ask", keys, reason: `The command could not be split into programs: ${split.reason}.` }
    : { kind: "ask", keys };
}

/**
 * What "always allow" remembers: the tool for edits and external tools, a key per program call
 * for commands (so always allowing `git status` never allows `rm`; see always-keys.ts). Nothing
 * for a command that could not be split.
 */
export function memoryKeys(action: PolicyAction, toolName: string, split: SplitResult | null): string[] {
  return alwaysEntries(action, toolName, split).map((entry) => entry.key);
}

function alwaysEntries(action: PolicyAction, toolName: string, split: SplitResult | null): AlwaysKey[] {
  if (action !== "execute" || split === null) return [{ key: `tool:${toolName}`, program: `tool:${toolName}` }];
  if (!split.ok) return [];
  const entries = new Map(split.commands.map((call) => alwaysKey(call)).map((entry) => [entry.key, entry]));
  return [...entries.values()];
}

export function splitCommand(input: Pick<PolicyInput, "action" | "command">): SplitResult | null {
  if (input.action !== "execute" || input.command === undefined) return null;
  return typeof input.command === "string"
    ? splitShellCommand(input.command)
    : expandProgramCall({ program: input.command.program, args: [...input.command.args] });
}

/** What a deny rule hits, for the message ("`rm`", "`.env`", "the tool `x`"), or null. */
function deniedSubject(sourced: SourcedRule, input: PolicyInput, calls: readonly ShellCall[]): string | null {
  const { rule } = sourced;
  if (isToolRule(rule)) return toolRuleMatches(rule, input.toolName) ? `the tool \`${input.toolName}\`` : null;
  if (isPathRule(rule)) {
    if (input.action === "edit" && pathRuleCovers(rule, "edit")) {
      const hit = (input.paths ?? []).find((p) => pathRuleMatches(rule, p, input.workspaceRoots, "deny"));
      if (hit !== undefined) return `editing \`${shown(hit, input.cwd)}\``;
    }
    const touched = (input.touched ?? []).find(
      (t) => (pathRuleCovers(rule, "read") || (t.write && pathRuleCovers(rule, "edit"))) && pathRuleMatches(rule, t.path, input.workspaceRoots, "deny"),
    );
    if (touched === undefined) return null;
    const what = input.action === "execute" ? "a command naming" : `the tool \`${input.toolName}\` with`;
    return `${what} \`${shown(touched.path, input.cwd)}\``;
  }
  const hit = calls.find((call) => commandRuleMatches(rule, call, "deny"));
  return hit === undefined ? null : `\`${[hit.program, ...hit.args].join(" ")}\``;
}

/**
 * The refusal a settings deny rule gives for `action` on `absPath` (any of its spellings: the path
 * as named and its real path), or null. Pure: reads never ask, they are only ever denied by rule.
 */
export function pathDenial(
  rules: PermissionRules,
  action: PathAction,
  absPaths: readonly string[],
  roots: readonly string[],
  cwd: string,
): string | null {
  for (const sourced of rules.deny) {
    const { rule } = sourced;
    if (!isPathRule(rule) || !pathRuleCovers(rule, action)) continue;
    const hit = absPaths.find((p) => pathRuleMatches(rule, p, roots, "deny"));
    if (hit === undefined) continue;
    const verb = action === "read" ? "reading" : "editing";
    return `Refused by the settings rule ${describeRule(sourced)}: ${verb} \`${shown(hit, cwd)}\` is denied in every mode. Do not retry it; work without this file or ask the user.`;
  }
  return null;
}

/** The allow rules that together cover the whole action, or null when any part is uncovered. */
function allowingRules(input: PolicyInput, split: SplitResult | null, calls: readonly ShellCall[]): SourcedRule[] | null {
  const allow = input.rules.allow;
  const toolRule = allow.find((r) => isToolRule(r.rule) && toolRuleMatches(r.rule, input.toolName));
  if (toolRule) return [toolRule];
  const coverAll = <T>(items: readonly T[], find: (item: T) => SourcedRule | undefined): SourcedRule[] | null => {
    if (items.length === 0) return null;
    const used: SourcedRule[] = [];
    for (const item of items) {
      const rule = find(item);
      if (rule === undefined) return null;
      if (!used.includes(rule)) used.push(rule);
    }
    return used;
  };
  if (input.action === "edit") {
    return coverAll(input.paths ?? [], (p) =>
      allow.find((r) => isPathRule(r.rule) && pathRuleCovers(r.rule, "edit") && pathRuleMatches(r.rule, p, input.workspaceRoots, "allow")),
    );
  }
  if (input.action === "execute" && split?.ok) {
    return coverAll(calls, (call) => allow.find((r) => isCommandRule(r.rule) && commandRuleMatches(r.rule, call, "allow")));
  }
  return null;
}

function decideByMode(input: PolicyInput): Decision | null {
  const paths = input.paths ?? [];
  switch (input.mode) {
    case "read-only":
      return denyByMode(input);
    case "auto": {
      const inside =
        input.action === "edit"
          ? paths.length > 0 && paths.every((p) => input.workspaceRoots.some((root) => isInside(p, root)))
          : input.action === "execute"
            ? input.workspaceRoots.some((root) => isInside(input.cwd, root))
            : true;
      return inside ? { kind: "allow", by: "mode", reason: "Allowed by auto mode." } : null;
    }
    case "accept-edits":
      return input.action === "edit" && paths.length > 0 && paths.every((p) => isInside(p, input.cwd))
        ? { kind: "allow", by: "mode", reason: "Allowed by accept-edits mode (an edit inside the working directory)." }
        : null;
    case "ask":
      return null;
    default: {
      const unknown: never = input.mode;
      throw new Error(`unknown permission mode ${String(unknown)}`);
    }
  }
}

function denyByMode(input: PolicyInput): Decision {
  const what = input.action === "edit" ? "file edits" : input.action === "execute" ? "commands" : `the tool \`${input.toolName}\``;
  return {
    kind: "deny",
    by: "mode",
    reason: `Refused: the session is in read-only mode, which does not allow ${what}. Do not retry; read and explain instead, or ask the user to switch modes.`,
  };
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function shown(path: string, cwd: string): string {
  return isInside(path, cwd) ? relative(cwd, path) || "." : path;
}
