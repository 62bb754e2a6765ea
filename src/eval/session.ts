/**
 * The one seam between eval and the agent: one prompt in a session of THE session runner
 * (src/session/), source `eval`, on a LocalWorkspace over the prompt's copy, in the `auto`
 * permission mode (settings deny rules still apply), with the boundary of `punie ask`.
 */
import type { AgentEvent, StopReason } from "../agent/events.ts";
import { PermissionDeniedError } from "../errors.ts";
import { silentLogger } from "../log/logger.ts";
import { openSession } from "../session/index.ts";
import type { Store } from "../store/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";

export type EvalSessionRequest = {
  prompt: string;
  /** The prompt's own copy of its workspace (absolute, real path). */
  cwd: string;
  model: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  onEvent: (event: AgentEvent) => void;
  /** The run's open store (the session is recorded there), or null. */
  store: Store | null;
  /** Warnings worth a line on stderr (a database that cannot be used). */
  warn: (message: string) => void;
};

export type EvalSessionResult = { stopReason: StopReason; error?: string; sessionId: string };

export async function runEvalSession(request: EvalSessionRequest): Promise<EvalSessionResult> {
  // Nobody answers questions during an eval: what auto mode would still ask is refused.
  const workspace = createLocalWorkspace({
    root: request.cwd,
    askPermission: async (question) => {
      throw new PermissionDeniedError(`Nobody answers questions during an eval, so "${question.title}" was refused.`);
    },
  });
  const session = await openSession({
    source: "eval",
    workspace,
    env: request.env,
    log: { ...silentLogger, warn: request.warn, error: request.warn },
    instructions: "local",
    modelSpec: request.model,
    mode: "auto",
    store: request.store,
    onEvent: request.onEvent,
  });
  try {
    const outcome = await session.prompt(request.prompt, { signal: request.signal });
    return { stopReason: outcome.stopReason, sessionId: session.id, ...(outcome.error === undefined ? {} : { error: outcome.error }) };
  } finally {
    await session.close();
  }
}
