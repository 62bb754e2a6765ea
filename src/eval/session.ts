/**
 * The one seam between eval and the agent: runs one prompt in a session on a local folder, in
 * the `auto` permission mode, and reports the loop's events. Swappable for THE session runner
 * (src/session/) without touching the rest of eval.
 */
import type { AgentEvent, StopReason } from "../agent/events.ts";
import { buildInstructions } from "../agent/instructions.ts";
import { runTurn } from "../agent/loop.ts";
import { createModel, type ModelOptions, modelOptionsFromEnv } from "../model/index.ts";
import { PermissionDeniedError } from "../errors.ts";
import { createPolicyGate } from "../permissions/policy-gate.ts";
import { loadSettings } from "../settings/load.ts";
import { toolSpecs } from "../tools/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { sessionTools } from "../session/tools.ts";

export type EvalSessionRequest = {
  prompt: string;
  /** The prompt's own copy of its workspace (absolute, real path). */
  cwd: string;
  model: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  onEvent: (event: AgentEvent) => void;
  /** Per-request sampling (grid): merged over the env's model options. */
  modelOptions?: Partial<ModelOptions>;
};

export type EvalSessionResult = { stopReason: StopReason; error?: string };

export async function runEvalSession(request: EvalSessionRequest): Promise<EvalSessionResult> {
  const { env } = request;
  const settings = await loadSettings({ workspace: request.cwd, env, flags: { model: request.model } });
  const model = createModel(request.model, env, { ...modelOptionsFromEnv(env), ...request.modelOptions });
  // Nobody answers questions during an eval: what auto mode would still ask is refused.
  const workspace = createLocalWorkspace({
    root: request.cwd,
    askPermission: async () => {
      throw new PermissionDeniedError("Nobody is there to answer during an eval; the action was refused.");
    },
  });
  try {
    const tools = await sessionTools(workspace.cwd, env);
    const instructions = buildInstructions({ mode: "local", cwd: workspace.cwd, tools: toolSpecs(tools), extra: settings.instructions });
    const permissions = createPolicyGate({ workspace, getMode: () => "auto", rules: settings.rules, roots: [workspace.cwd], projectRules: null });
    const result = await runTurn({
      model,
      tools,
      instructions,
      history: [],
      prompt: request.prompt,
      workspace,
      permissions,
      signal: request.signal,
      onEvent: request.onEvent,
      limits: settings.limits,
    });
    return result.error === undefined ? { stopReason: result.stopReason } : { stopReason: result.stopReason, error: result.error };
  } finally {
    await workspace.dispose();
  }
}
