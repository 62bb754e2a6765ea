/**
 * session/prompt: a slash command answered by Punie, or a turn of the agent loop whose events
 * become session/update — recorded, titled, with usage reported after it.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent } from "../agent/events.ts";
import { type AgentLimits, runTurn, type TurnResult } from "../agent/loop.ts";
import type { Logger } from "../log/logger.ts";
import { updateSession } from "../store/index.ts";
import { answerCheckFor } from "../session/tools.ts";
import { toolSpecs } from "../tools/index.ts";
import { type AcpSession, currentTools, sessionInstructions } from "./acp-session.ts";
import { type CommandHost, parseSlashCommand, runSlashCommand } from "./commands.ts";
import { promptToText, titleFromPrompt } from "./prompt.ts";
import { eventToUpdate, textChunk } from "./updates.ts";

export type PromptContext = {
  client: Pick<acp.AgentContext, "request">;
  log: Logger;
  env: Record<string, string | undefined>;
  limits?: Partial<AgentLimits>;
  commands: CommandHost;
};

export async function runPrompt(session: AcpSession, prompt: acp.ContentBlock[], context: PromptContext): Promise<acp.StopReason> {
  const text = promptToText(prompt);
  const controller = new AbortController();
  session.running = controller;
  try {
    giveTitle(session, text);
    const command = parseSlashCommand(text);
    if (command) {
      session.sender.send(textChunk("agent_message_chunk", await runSlashCommand(command, context.commands)));
      await session.sender.flush();
      return "end_turn";
    }
    const result = await runModelTurn(session, text, controller.signal, context);
    return result.stopReason;
  } finally {
    session.running = null;
  }
}

async function runModelTurn(session: AcpSession, text: string, signal: AbortSignal, context: PromptContext): Promise<TurnResult> {
  const { sender } = session;
  // The catalog and MCP servers were asked for right after session/new; the first prompt waits
  // for them (each bounded by its own timeout).
  await session.mcp.ready();
  for (const problem of session.mcp.problems()) sender.send(textChunk("agent_message_chunk", `⚠ ${problem}\n\n`));
  const tools = await currentTools(session, context.client);
  const instructions = sessionInstructions(session, tools);
  // Python and MCP tools run as local processes even in an IDE session.
  const localTools = new Set([...(await session.pythonTools), ...session.mcp.tools()].map((tool) => tool.name));
  const recorder = session.recording.startTurn({
    prompt: text,
    instructions,
    tools: toolSpecs(tools),
    backend: session.workspace.kind,
    frontend: "acp",
    backendOf: (name) => (localTools.has(name) ? "local" : session.workspace.kind),
  });
  session.onDecision = (decision) => recorder.permission(decision);
  let sawMessage = false;
  let lastRequestTokens = 0;
  try {
    const result = await runTurn({
      model: session.model,
      tools,
      instructions,
      history: session.history,
      prompt: text,
      workspace: session.workspace,
      permissions: session.gate,
      signal,
      limits: { ...session.settings.limits, ...context.limits },
      ...(session.settings.pythonCheck ? { checkAnswer: answerCheckFor(session.cwd, context.env, (message) => context.log.debug(message)) } : {}),
      onEvent(event: AgentEvent) {
        recorder.push(event);
        if (event.type === "model_request" && event.usage) lastRequestTokens = event.usage.inputTokens + event.usage.outputTokens;
        const update = eventToUpdate(event);
        if (!update) return;
        if (update.sessionUpdate === "agent_message_chunk") sawMessage = true;
        sender.send(update);
      },
    });
    session.history.push(...result.messages);
    // JetBrains can stay stuck on a turn that produced thoughts but no message: say something.
    if (!sawMessage && result.stopReason !== "cancelled") sender.send(textChunk("agent_message_chunk", stopNote(result)));
    sender.send({ sessionUpdate: "usage_update", used: lastRequestTokens, size: session.contextWindow ?? session.settings.contextWindow });
    session.recording.finishTurn(recorder, result);
    await sender.flush();
    context.log.info(`prompt in ${session.id} ended: ${result.stopReason}`);
    return result;
  } finally {
    session.onDecision = null;
  }
}

/** The first prompt names the session (no extra model request). */
function giveTitle(session: AcpSession, text: string): void {
  if (session.title !== null) return;
  session.title = titleFromPrompt(text);
  session.sender.send({ sessionUpdate: "session_info_update", title: session.title, updatedAt: new Date().toISOString() });
  const store = session.recording.store;
  if (store) updateSession(store, session.id, { title: session.title });
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
