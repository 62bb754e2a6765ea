/** The real permission gate in `ask` mode with no rules: every edit, command and MCP call is asked. */
import { createPolicyGate } from "../../src/permissions/policy-gate.ts";
import { NO_RULES } from "../../src/permissions/rules.ts";
import type { Workspace } from "../../src/workspace/types.ts";

export function askingGate(workspace: Workspace) {
  return createPolicyGate({ workspace, getMode: () => "ask", rules: NO_RULES, roots: [workspace.cwd], projectRules: null });
}
