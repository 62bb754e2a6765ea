/**
 * Permissions: the gate port (gate.ts), the modes, settings rules, the shell splitter that lets
 * rules check each program of a command line, the pure policy and the gate that applies it.
 */
export * from "./gate.ts";
export * from "./modes.ts";
export * from "./policy.ts";
export { ALLOW_PROJECT, createPolicyGate, describeKeys, permissionOptions } from "./policy-gate.ts";
export type {
  PermissionDecisionRecord,
  PermissionOutcomeKind,
  PolicyGate,
  PolicyGateOptions,
  ProjectRuleStore,
} from "./policy-gate.ts";
export * from "./rules.ts";
export { expandProgramCall, type ShellCall, type SplitResult, splitShellCommand } from "./shell-split.ts";
