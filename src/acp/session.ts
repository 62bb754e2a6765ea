/** An ACP session and its prompt turn: the agent loop's events become session/update. */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent } from "../agent/events.ts";
import { type AgentLimits, runTurn, type TurnResult } from "../agent/loop.ts";
import type { Logger } from "../log/logger.ts";
import type { ChatMessage, Model } from "../model/types.ts";
import type { PermissionGate } from "../permissions/gate.ts";
import type { AnyTool } from "../tools/types.ts";
import type { Workspace } from "../workspace/types.ts";
import { promptToText } from "./prompt.ts";
import { createUpdateSender } from "./session-sender.ts";
import { eventToUpdate } from "./updates.ts";

export type AcpSession = {
  id: string;
  cwd: string;
  workspace: Workspace;
  permissions: PermissionGate;
  model: Model;
  tools: readonly AnyTool[];
  instructions: string;
  history: ChatMessage[];
  /** Aborts the running prompt (session/cancel); null when idle. */
  running: AbortController | null;
  mcpServers: acp.McpServer[];
};

export type PromptContext = {
  client: Pick<acp.AgentContext, "notify">;
  log: Logger;
  limits?: Partial<AgentLimits>;
  /** Sees every event after it has been sent (recording, perf). */
  onEvent?: (event: AgentEvent) => void;
};

export async function runPrompt(
  session: AcpSession,
  prompt: acp.ContentBlock[],
  context: PromptContext,
): Promise<TurnResult> {
  const controller = new AbortController();
  session.running = controller;
  const sender = createUpdateSender(context.client, session.id, context.log);
  let sawMessage = false;
  try {
    const result = await runTurn({
      model: session.model,
      tools: session.tools,
      instructions: session.instructions,
      history: session.history,
      prompt: promptToText(prompt),
      workspace: session.workspace,
      permissions: session.permissions,
      signal: controller.signal,
      ...(context.limits ? { limits: context.limits } : {}),
      onEvent(event) {
        const update = eventToUpdate(event);
        if (update) {
          if (update.sessionUpdate === "agent_message_chunk") sawMessage = true;
          sender.send(update);
        }
        context.onEvent?.(event);
      },
    });
    session.history.push(...result.messages);
    // JetBrains can stay stuck on a turn that produced thoughts but no message: say something.
    if (!sawMessage && result.stopReason !== "cancelled") {
      sender.send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: stopNote(result) } });
    }
    await sender.flush();
    context.log.info(`prompt in ${session.id} ended: ${result.stopReason}`);
    return result;
  } finally {
    session.running = null;
  }
}

function stopNote(result: TurnResult): string {
  switch (result.stopReason) {
    case "max_tokens":
      return "(The model reached its output token limit before answering.)";
    case "max_turn_requests":
      return "(Stopped: the model made too many requests for one prompt.)";
    default:
      return "(The model gave no answer.)";
  }
}
