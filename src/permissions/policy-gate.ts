/**
 * The gate that applies the policy: decides with `decide()`, asks through the Workspace only when
 * the policy says "ask", remembers "always" answers (session in memory, project through the store)
 * and reports every outcome so the store can record it.
 */
import { PermissionDeniedError } from "../errors.ts";
import { describeKey } from "./always-keys.ts";
import type { PermissionOption, Workspace } from "../workspace/types.ts";
import { ALLOW_ONCE, ALLOW_SESSION, type PermissionAsk, type PermissionGate, REJECT_ONCE } from "./gate.ts";
import type { PermissionMode } from "./modes.ts";
import { type Decision, decide, isInside, pathDenial, splitCommand, type TouchedPath } from "./policy.ts";
import { isPathRule, type PermissionRules } from "./rules.ts";
import { commandPathWords, resolvePathWords, stringArguments } from "./touched-paths.ts";
import type { PermissionOutcomeKind } from "../store/types.ts";

export { ALLOW_ONCE, ALLOW_SESSION, REJECT_ONCE } from "./gate.ts";
export const ALLOW_PROJECT = "allow_always_project";

export type { PermissionOutcomeKind };

export type PermissionDecisionRecord = {
  toolCallId: string;
  toolName: string;
  action: PermissionAsk["action"];
  title: string;
  mode: PermissionMode;
  outcome: PermissionOutcomeKind;
  /** True when an earlier "always" answer decided (no prompt was shown). */
  remembered: boolean;
  /** Memory keys involved (`tool:edit_file`, `command:git`). */
  keys: string[];
  /** The policy's reason, for allow/deny decisions made without asking. */
  reason?: string;
  /** How long the person took to answer (ms), when one was asked. */
  waitMs?: number;
};

/** Project "always allow" keys, kept per project directory by the store. */
export type ProjectRuleStore = { has(key: string): boolean; add(key: string): void };

export type PolicyGateOptions = {
  /** Where commands run (`cwd`) and who answers a question (`requestPermission`: the front end's UI). */
  workspace: Pick<Workspace, "cwd" | "requestPermission">;
  /** Read on every check: the mode can change during a session. */
  getMode: () => PermissionMode;
  rules: PermissionRules;
  /** Absolute workspace roots (usually the session cwd). */
  roots: readonly string[];
  /** null when there is no database: "always allow in this project" is then not offered. */
  projectRules: ProjectRuleStore | null;
  /** Called once per check with its outcome; must not throw. */
  onDecision?: (record: PermissionDecisionRecord) => void;
  /** MCP tools that declare themselves read-only. */
  isReadOnlyTool?: (toolName: string) => boolean;
};

export type PolicyGate = PermissionGate & {
  /** Keys remembered for this session (for /tools, `permissions list`, tests). */
  readonly sessionAlways: ReadonlySet<string>;
};

const NO_KEYS: { has(key: string): boolean } = { has: () => false };

export function createPolicyGate(options: PolicyGateOptions): PolicyGate {
  const sessionAlways = new Set<string>();
  const { workspace } = options;
  const hasPathDenials = options.rules.deny.some((sourced) => isPathRule(sourced.rule));
  /** What a command or an external tool names, when a path deny rule could refuse it. */
  const touchedBy = async (ask: PermissionAsk): Promise<TouchedPath[]> => {
    if (!hasPathDenials) return [];
    const cwd = ask.cwd ?? workspace.cwd;
    if (ask.action === "execute") {
      const split = splitCommand(ask);
      return split?.ok ? resolvePathWords(commandPathWords(split.commands), cwd, true) : [];
    }
    if (ask.action === "mcp" && ask.pathArgs !== undefined) {
      const words = stringArguments(ask.pathArgs).map((word) => ({ word, write: ask.readOnly !== true }));
      const touched = await resolvePathWords(words, cwd, false);
      // Only paths inside the workspace: an MCP argument is as often plain text as a path.
      return touched.filter((t) => options.roots.some((root) => isInside(t.path, root)));
    }
    return [];
  };
  return {
    sessionAlways,
    readDenial: (absPaths) => pathDenial(options.rules, "read", absPaths, options.roots, workspace.cwd),
    async check(ask, signal) {
      const mode = options.getMode();
      const touched = await touchedBy(ask);
      const decision = decide({
        action: ask.action,
        mode,
        toolName: ask.toolName,
        ...(ask.paths === undefined ? {} : { paths: ask.paths }),
        ...(ask.command === undefined ? {} : { command: ask.command }),
        touched,
        workspaceRoots: options.roots,
        cwd: workspace.cwd,
        rules: options.rules,
        sessionAlways,
        projectAlways: options.projectRules ?? NO_KEYS,
        readOnlyTool: ask.readOnly === true || (options.isReadOnlyTool?.(ask.toolName) ?? false),
      });
      let waitMs: number | undefined;
      const report = (outcome: PermissionOutcomeKind, keys: string[], remembered: boolean, reason?: string) =>
        options.onDecision?.({
          toolCallId: ask.toolCallId,
          toolName: ask.toolName,
          action: ask.action,
          title: ask.title,
          mode,
          outcome,
          remembered,
          keys,
          ...(reason === undefined ? {} : { reason }),
          ...(waitMs === undefined ? {} : { waitMs }),
        });

      if (decision.kind === "deny") {
        report(decision.by === "rule" ? "denied_by_rule" : "denied_by_mode", [], false, decision.reason);
        throw new PermissionDeniedError(decision.reason);
      }
      if (decision.kind === "allow") {
        report(allowOutcome(decision), [], decision.by === "session" || decision.by === "project", decision.reason);
        return;
      }

      const choices = permissionOptions(decision.keys, options.projectRules !== null);
      const title = decision.reason === undefined ? ask.title : `${ask.title} — ${decision.reason}`;
      const asked = performance.now();
      let answer: Awaited<ReturnType<Workspace["requestPermission"]>>;
      try {
        answer = await workspace.requestPermission(
          {
            toolCallId: ask.toolCallId,
            title,
            action: ask.action,
            options: choices,
            ...(ask.content === undefined ? {} : { content: ask.content }),
            ...(typeof ask.command === "string" ? { command: ask.command } : {}),
          },
          signal,
        );
      } catch (error) {
        // A front end that refuses for the person (`punie ask` with no terminal to ask) is a
        // rejection with its reason, recorded as one: the call was refused, it did not fail.
        if (error instanceof PermissionDeniedError) report("rejected", decision.keys, false, error.message);
        throw error;
      }
      waitMs = performance.now() - asked;
      if (answer.outcome === "cancelled") {
        report("cancelled", decision.keys, false);
        throw new PermissionDeniedError("The user cancelled the permission request.");
      }
      switch (answer.optionId) {
        case ALLOW_ONCE:
          report("allowed_once", decision.keys, false);
          return;
        case ALLOW_SESSION:
          if (decision.keys.length === 0) break;
          for (const key of decision.keys) sessionAlways.add(key);
          report("allowed_session", decision.keys, false);
          return;
        case ALLOW_PROJECT:
          if (decision.keys.length === 0 || options.projectRules === null) break;
          for (const key of decision.keys) {
            sessionAlways.add(key);
            try {
              options.projectRules.add(key);
            } catch {
              // A locked or broken database must not undo the user's "yes": it still holds for the session.
            }
          }
          report("allowed_project", decision.keys, false);
          return;
      }
      // Reject, or an option we did not offer: never treat the unknown as consent.
      report("rejected", decision.keys, false);
      throw new PermissionDeniedError(
        `The user rejected this action (${ask.title}). Do not retry it; ask or try another approach.`,
      );
    },
  };
}

function allowOutcome(decision: Extract<Decision, { kind: "allow" }>): PermissionOutcomeKind {
  switch (decision.by) {
    case "rule":
      return "allowed_by_rule";
    case "mode":
      return "auto_mode";
    case "session":
      return "allowed_session";
    case "project":
      return "allowed_project";
    case "read_only_tool":
      return "read_only_tool";
  }
}

/**
 * Allow once, the two "always" choices naming what they remember, reject. The "always" choices are
 * left out when nothing can be remembered safely (a command that could not be split).
 */
export function permissionOptions(keys: readonly string[], projectAvailable: boolean): PermissionOption[] {
  const options: PermissionOption[] = [{ optionId: ALLOW_ONCE, name: "Allow once", kind: "allow_once" }];
  if (keys.length > 0) {
    const what = describeKeys(keys);
    options.push({ optionId: ALLOW_SESSION, name: `Always allow ${what} for this session`, kind: "allow_always" });
    if (projectAvailable) {
      options.push({ optionId: ALLOW_PROJECT, name: `Always allow ${what} in this project`, kind: "allow_always" });
    }
  }
  options.push({ optionId: REJECT_ONCE, name: "Reject", kind: "reject_once" });
  return options;
}

/** `command:git status *` → "`git status *`"; `tool:edit_file` → "edit_file". */
export function describeKeys(keys: readonly string[]): string {
  const names = keys.map(describeKey);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
