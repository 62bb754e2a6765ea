/**
 * The `test` model: deterministic and offline, for demos and dry runs. It really drives the tool
 * loop — one tool call per reply, only with tools it is offered — then answers with what it found.
 */
import { type ActionOutcome, nextAction, planFromPrompt, summarise } from "./test-model-plan.ts";
import type { ChatMessage, Model, ModelEvent, ModelRequest } from "./types.ts";

export function createTestModel(): Model {
  let callCount = 0;

  async function* stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const { prompt, outcomes } = readTurn(request.messages);
    const offered = new Set(request.tools.map((tool) => tool.name));
    const plan = planFromPrompt(prompt);
    const action = nextAction(plan, outcomes, offered);
    const inputTokens = estimateTokens(request.messages.map((message) => message.content ?? "").join(""));
    if (request.signal.aborted) return;

    if (action) {
      // No text before a call: the answer's first line must be the notice of what this model is.
      const argumentsText = JSON.stringify(action.args);
      yield { type: "tool_call", call: { id: `test_call_${++callCount}`, name: action.tool, arguments: argumentsText } };
      yield { type: "usage", usage: { inputTokens, outputTokens: estimateTokens(argumentsText) } };
      yield { type: "finish", reason: "tool_calls" };
      return;
    }

    let written = "";
    for (const part of summarise(plan, outcomes, offered)) {
      if (request.signal.aborted) return;
      written += part;
      yield { type: "text", text: part };
    }
    yield { type: "usage", usage: { inputTokens, outputTokens: estimateTokens(written) } };
    yield { type: "finish", reason: "stop" };
  }

  return { id: "test", baseURL: "offline", stream };
}

/** The last user message, and the tool calls made since with their results. */
function readTurn(messages: readonly ChatMessage[]): { prompt: string; outcomes: ActionOutcome[] } {
  let start = messages.length - 1;
  while (start >= 0 && messages[start]?.role !== "user") start--;
  const prompt = (messages[start]?.content as string | undefined) ?? "";
  const outcomes: ActionOutcome[] = [];
  const byId = new Map<string, ActionOutcome>();
  for (const message of messages.slice(start + 1)) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const outcome: ActionOutcome = { tool: call.name, args: parseArgs(call.arguments), result: null };
        outcomes.push(outcome);
        byId.set(call.id, outcome);
      }
    } else if (message.role === "tool") {
      const outcome = byId.get(message.tool_call_id);
      if (outcome) outcome.result = message.content;
    }
  }
  return { prompt, outcomes };
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
