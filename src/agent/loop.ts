/**
 * One prompt turn of the agent: ask the model, run the tools it calls, feed the results back,
 * until it answers without tool calls or a limit stops it.
 */
import { errorMessage, ModelRejectedImagesError, ModelServerError } from "../errors.ts";
import type { ChatMessage, FinishReason, ImageInput, Model, ToolCallRequest, ToolSpec, Usage } from "../model/types.ts";
import type { PermissionGate } from "../permissions/gate.ts";
import { toolSpecs } from "../tools/schema.ts";
import type { AnyTool } from "../tools/types.ts";
import type { Workspace } from "../workspace/types.ts";
import { coalesceText } from "./coalesce-text.ts";
import type { AgentEventSink, StopReason } from "./events.ts";
import { imagePlaceholders } from "./images.ts";
import { runToolCall, type ToolFailureCounter } from "./run-tool.ts";

export type AgentLimits = {
  /** Model requests per prompt before stopping with max_turn_requests. */
  maxRequests: number;
  /** Failed calls of one tool (bad arguments or errors) before it is withdrawn for the turn. */
  toolRetries: number;
  /** Times an empty final answer is asked for again. */
  emptyAnswerRetries: number;
  /** Times a broken answer (see `checkAnswer`) is sent back for repair. */
  repairRetries: number;
};

export const DEFAULT_LIMITS: AgentLimits = { maxRequests: 50, toolRetries: 3, emptyAnswerRetries: 2, repairRetries: 2 };

export type TurnOptions = {
  model: Model;
  tools: readonly AnyTool[];
  instructions: string;
  /** Earlier messages of the conversation (no system message). Not mutated. */
  history: readonly ChatMessage[];
  prompt: string;
  /** Images attached to the prompt: sent with this turn's requests, a placeholder in the history. */
  images?: readonly ImageInput[];
  workspace: Workspace;
  permissions: PermissionGate;
  signal: AbortSignal;
  onEvent: AgentEventSink;
  limits?: Partial<AgentLimits>;
  /** Checks a final answer; returns a repair request for the model, or null when it is fine. */
  checkAnswer?: (answer: string) => Promise<string | null>;
  /**
   * The id each tool call gets in events (and so in the IDE), unique in the session; the model's
   * own id stays in the messages it reads back. Default: the model's id (tests).
   */
  newToolCallId?: () => string;
};

export type TurnResult = {
  stopReason: StopReason;
  usage: Usage;
  /** The messages this turn added (user prompt first), to keep as history. */
  messages: ChatMessage[];
  /** Set when a fault ended the turn (the user has been shown it as an `error` event). */
  error?: string;
};

type ModelReply = { text: string; toolCalls: ToolCallRequest[]; finish: FinishReason | null };

export async function runTurn(options: TurnOptions): Promise<TurnResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { model, signal, onEvent } = options;
  const specs: ToolSpec[] = toolSpecs(options.tools);
  const added: ChatMessage[] = [
    options.images && options.images.length > 0 ? { role: "user", content: options.prompt, images: [...options.images] } : { role: "user", content: options.prompt },
  ];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const failures: ToolFailureCounter = new Map();
  let emptyRetries = 0;
  let repairRetries = 0;
  // The history keeps a placeholder for each image, not its data.
  const result = (stopReason: StopReason, error?: string): TurnResult => {
    const messages = added.map((message) => imagePlaceholders(message, "kept"));
    return error === undefined ? { stopReason, usage, messages } : { stopReason, usage, messages, error };
  };

  // One system message per turn: the request body serializes each message object once (wire.ts).
  const system: ChatMessage = { role: "system", content: options.instructions };
  for (let request = 1; ; request++) {
    if (signal.aborted) return result("cancelled");
    if (request > limits.maxRequests) return result("max_turn_requests");
    const messages: ChatMessage[] = [system, ...options.history, ...added];
    const available = failures.size === 0 ? specs : specs.filter((spec) => (failures.get(spec.name) ?? 0) < limits.toolRetries);
    let reply: ModelReply;
    try {
      reply = await askModel(model, messages, available, request, options, usage);
    } catch (error) {
      if (signal.aborted) return result("cancelled");
      if (error instanceof ModelRejectedImagesError && added.some((message) => message.role === "user" && message.images)) {
        // Said once; the same request goes again without the images (not counted as another).
        onEvent({ type: "text", text: `⚠ ${error.message} Going on without the image.\n\n` });
        added.splice(0, added.length, ...added.map((message) => imagePlaceholders(message, "unreadable")));
        request--;
        continue;
      }
      const message = describeModelFault(model, error);
      onEvent({ type: "error", message });
      return result("end_turn", message);
    }
    if (signal.aborted) {
      if (reply.text) added.push({ role: "assistant", content: reply.text });
      return result("cancelled");
    }
    onEvent({ type: "usage", usage: { ...usage } });

    if (reply.toolCalls.length > 0 && reply.finish !== "length") {
      added.push({ role: "assistant", content: reply.text || null, tool_calls: reply.toolCalls });
      for (const call of reply.toolCalls) {
        if (signal.aborted) {
          added.push({ role: "tool", tool_call_id: call.id, content: "Cancelled by the user." });
          continue;
        }
        const output = await runToolCall(call, options, failures, limits.toolRetries);
        added.push({ role: "tool", tool_call_id: call.id, content: output });
      }
      continue;
    }

    added.push({ role: "assistant", content: reply.text });
    if (reply.finish === "length") return result("max_tokens");
    if (reply.text.trim() === "") {
      if (emptyRetries++ < limits.emptyAnswerRetries) {
        added.push({ role: "user", content: "Your last answer was empty. Please answer the request above." });
        continue;
      }
      return result("end_turn");
    }
    if (options.checkAnswer && repairRetries < limits.repairRetries) {
      const repair = await options.checkAnswer(reply.text);
      if (repair !== null) {
        repairRetries++;
        added.push({ role: "user", content: repair });
        continue;
      }
    }
    return result("end_turn");
  }
}

async function askModel(
  model: Model,
  messages: ChatMessage[],
  tools: ToolSpec[],
  index: number,
  options: TurnOptions,
  usage: Usage,
): Promise<ModelReply> {
  const started = performance.now();
  let firstEventMs: number | null = null;
  let text = "";
  const toolCalls: ToolCallRequest[] = [];
  let finish: FinishReason | null = null;
  let requestUsage: Usage | null = null;
  // Chunks that arrive within one macrotask reach the front end as one event (coalesce-text.ts).
  const streamed = coalesceText((type, chunk) => options.onEvent({ type, text: chunk }));
  try {
    for await (const event of model.stream({ messages, tools, signal: options.signal })) {
      firstEventMs ??= performance.now() - started;
      switch (event.type) {
        case "text":
          text += event.text;
          streamed.push("text", event.text);
          break;
        case "reasoning":
          streamed.push("thought", event.text);
          break;
        case "tool_call":
          toolCalls.push(event.call);
          break;
        case "usage":
          requestUsage = event.usage;
          usage.inputTokens += event.usage.inputTokens;
          usage.outputTokens += event.usage.outputTokens;
          break;
        case "finish":
          finish = event.reason;
          break;
        default:
          event satisfies never;
      }
    }
  } finally {
    streamed.flush();
    options.onEvent({
      type: "model_request",
      index,
      durationMs: performance.now() - started,
      firstEventMs,
      finishReason: finish,
      usage: requestUsage,
    });
  }
  return { text, toolCalls, finish };
}

function describeModelFault(model: Model, error: unknown): string {
  if (error instanceof ModelServerError) return error.message;
  return `The model server at ${model.baseURL} failed: ${errorMessage(error)}. Check that it is running and serving a model, then try again.`;
}
