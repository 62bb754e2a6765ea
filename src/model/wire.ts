/**
 * What goes over the wire to an OpenAI-compatible server and what comes back, as plain data:
 * request bodies from our messages, and the zod shapes that stream chunks must have.
 */
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { z } from "zod";
import { lazySchema } from "../zod-loader.ts";
import { messageJson } from "./message-json.ts";
import type { ChatMessage, FinishReason, ToolSpec } from "./types.ts";

export type RequestSettings = {
  model: string;
  temperature: number;
  maxTokens: number;
  /** OpenAI's own API wants max_completion_tokens; local servers know max_tokens. */
  useMaxCompletionTokens: boolean;
  /** Sent only when set. */
  topP?: number | undefined;
  /** Not OpenAI's: mlx_lm, vLLM and llama.cpp read it. Sent only when set. */
  repetitionPenalty?: number | undefined;
};

/**
 * The JSON body of a streamed chat request. What repeats from one request of a turn to the next
 * (the system prompt, the tool schemas, earlier messages with their tool results) is serialized
 * once: each tool spec and each message object is cached by identity, and with `cache` (one per
 * model) the messages a request shares with the one before are not even joined again. Messages
 * and specs are never changed after they are made (the loop and the stores only ever append new ones).
 */
export function chatRequestJson(messages: readonly ChatMessage[], tools: readonly ToolSpec[], settings: RequestSettings, cache?: RequestJsonCache): string {
  const limit = settings.useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens";
  let json = `{"model":${JSON.stringify(settings.model)},"messages":[${messagesJson(messages, cache)}`;
  json += `],"stream":true,"stream_options":{"include_usage":true},"temperature":${JSON.stringify(settings.temperature)},"${limit}":${JSON.stringify(settings.maxTokens)}`;
  if (settings.topP !== undefined) json += `,"top_p":${JSON.stringify(settings.topP)}`;
  // Not OpenAI's: mlx_lm, vLLM and llama.cpp read it.
  if (settings.repetitionPenalty !== undefined) json += `,"repetition_penalty":${JSON.stringify(settings.repetitionPenalty)}`;
  // Some servers reject an empty tools list, so it is left out rather than sent empty.
  if (tools.length > 0) json += `,"tools":[${toolsJson(tools, cache)}]`;
  return `${json}}`;
}

/**
 * The messages of a model's last request and their JSON: the next request of a turn holds the same
 * messages and a few more, so only those are added (see `chatRequestJson`).
 */
export type RequestJsonCache = { messages: readonly ChatMessage[]; json: string; tools: readonly ToolSpec[]; toolsJson: string };

export function createRequestJsonCache(): RequestJsonCache {
  return { messages: [], json: "", tools: [], toolsJson: "" };
}

/** The messages as the comma-separated members of a JSON array. */
function messagesJson(messages: readonly ChatMessage[], cache: RequestJsonCache | undefined): string {
  let start = 0;
  let json = "";
  if (cache && cache.messages.length > 0 && startsWith(messages, cache.messages)) {
    start = cache.messages.length;
    json = cache.json;
  }
  for (let i = start; i < messages.length; i++) json += (i === 0 ? "" : ",") + wireMessageJson(messages[i] as ChatMessage);
  if (cache) {
    // A copy: the caller may change its array after this request.
    cache.messages = messages.slice();
    cache.json = json;
  }
  return json;
}

/** The tools as the comma-separated members of a JSON array (the same tools as last time: as then). */
function toolsJson(tools: readonly ToolSpec[], cache: RequestJsonCache | undefined): string {
  if (cache && cache.tools.length === tools.length && startsWith(tools, cache.tools)) return cache.toolsJson;
  let json = "";
  for (let i = 0; i < tools.length; i++) json += (i === 0 ? "" : ",") + toolJson(tools[i] as ToolSpec);
  if (cache) {
    cache.tools = tools.slice();
    cache.toolsJson = json;
  }
  return json;
}

function startsWith<T>(items: readonly T[], prefix: readonly T[]): boolean {
  if (prefix.length > items.length) return false;
  for (let i = 0; i < prefix.length; i++) if (items[i] !== prefix[i]) return false;
  return true;
}

const messageJsonCache = new WeakMap<ChatMessage, string>();
const toolJsonCache = new WeakMap<ToolSpec, string>();

function wireMessageJson(message: ChatMessage): string {
  // Sent as it is (see toWireMessage): the same string as the message's own JSON.
  if (message.role === "tool" || message.role === "system") return messageJson(message);
  let json = messageJsonCache.get(message);
  if (json === undefined) {
    json = JSON.stringify(toWireMessage(message));
    messageJsonCache.set(message, json);
  }
  return json;
}

function toolJson(tool: ToolSpec): string {
  let json = toolJsonCache.get(tool);
  if (json === undefined) {
    json = JSON.stringify({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.parameters } });
    toolJsonCache.set(tool, json);
  }
  return json;
}

export function toWireMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role === "user") {
    if (!message.images || message.images.length === 0) return { role: "user", content: message.content };
    // OpenAI's image content parts; LM Studio, vLLM, llama.cpp and Ollama take the same shape.
    return {
      role: "user",
      content: [
        ...(message.content === "" ? [] : [{ type: "text" as const, text: message.content }]),
        ...message.images.map((image) => ({ type: "image_url" as const, image_url: { url: `data:${image.mimeType};base64,${image.data}` } })),
      ],
    };
  }
  if (message.role !== "assistant") return message;
  if (!message.tool_calls || message.tool_calls.length === 0) return { role: "assistant", content: message.content };
  return {
    role: "assistant",
    content: message.content,
    tool_calls: message.tool_calls.map((call) => ({
      id: call.id,
      type: "function",
      // Chat templates (mlx_lm) parse arguments as JSON: an empty string would break them.
      function: { name: call.name, arguments: call.arguments.trim() === "" ? "{}" : call.arguments },
    })),
  };
}

// The wire shapes are built on first use, with zod loaded then (zod-loader.ts): zod costs
// start-up time, and the stream is checked by isStreamChunk below.
const toolCallDeltaSchema = lazySchema((z) =>
  z.object({
    index: z.number().int().nullish(),
    id: z.string().nullish(),
    function: z
      .object({
        name: z.string().nullish(),
        // A few servers send arguments as an object; it is re-serialised.
        arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
      })
      .nullish(),
  }),
);

export const streamChunkSchema = lazySchema((z) =>
  z.object({
    // Usage-only chunks may come without choices; a chunk with neither is rejected by the caller.
    choices: z.array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            reasoning: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            tool_calls: z.array(toolCallDeltaSchema()).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    ).optional(),
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
  }),
);
export type StreamChunk = z.infer<ReturnType<typeof streamChunkSchema>>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function isToolCallDelta(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { index, id } = value;
  if ((index != null && !Number.isSafeInteger(index)) || (id != null && typeof id !== "string")) return false;
  const fn = value.function;
  if (fn == null) return true;
  if (!isObject(fn)) return false;
  const { name, arguments: args } = fn;
  if (name != null && typeof name !== "string") return false;
  return args == null || typeof args === "string" || isObject(args);
}

/**
 * True exactly when `streamChunkSchema().safeParse(value)` succeeds (test/model/wire.test.ts holds them
 * to it), without zod's cost on every chunk of every reply. The value can then be read as a
 * StreamChunk: zod would only drop keys nobody reads. One flat pass, each field read once: it runs
 * on every chunk of a cold process, before the JIT has made calls cheap.
 */
export function isStreamChunk(value: unknown): value is StreamChunk {
  if (!isObject(value)) return false;
  const { choices, usage } = value;
  if (choices !== undefined) {
    if (!Array.isArray(choices)) return false;
    for (let i = 0; i < choices.length; i++) {
      const choice: unknown = choices[i];
      if (!isObject(choice)) return false;
      const { delta, finish_reason: finish } = choice;
      if (finish != null && typeof finish !== "string") return false;
      if (delta == null) continue;
      if (!isObject(delta)) return false;
      const { content, reasoning, reasoning_content: reasoningContent, tool_calls: calls } = delta;
      if (content != null && typeof content !== "string") return false;
      if (reasoning != null && typeof reasoning !== "string") return false;
      if (reasoningContent != null && typeof reasoningContent !== "string") return false;
      if (calls == null) continue;
      if (!Array.isArray(calls)) return false;
      for (let j = 0; j < calls.length; j++) if (!isToolCallDelta(calls[j])) return false;
    }
  }
  if (usage == null) return true;
  return isObject(usage) && Number.isFinite(usage.prompt_tokens) && Number.isFinite(usage.completion_tokens);
}
export type ToolCallDelta = z.infer<ReturnType<typeof toolCallDeltaSchema>>;

export const modelListSchema = lazySchema((z) =>
  z.object({
    data: z.array(
      z.looseObject({
        id: z.string(),
        // Servers that say how long a context the model takes, each in its own words:
        // vLLM max_model_len, LM Studio max_context_length, OpenRouter-style context_length,
        // llama.cpp meta.n_ctx_train.
        max_model_len: z.number().int().positive().optional().catch(undefined),
        max_context_length: z.number().int().positive().optional().catch(undefined),
        context_length: z.number().int().positive().optional().catch(undefined),
        meta: z.looseObject({ n_ctx_train: z.number().int().positive().optional().catch(undefined) }).optional().catch(undefined),
      }),
    ),
  }),
);

export type ModelInfo = { id: string; contextWindow: number | null };

export function modelInfo(entry: z.infer<ReturnType<typeof modelListSchema>>["data"][number]): ModelInfo {
  return {
    id: entry.id,
    contextWindow: entry.max_model_len ?? entry.max_context_length ?? entry.context_length ?? entry.meta?.n_ctx_train ?? null,
  };
}

/**
 * What `ModelList.safeParse(json)` gives, as ModelInfo (`modelInfo` of each entry), or null where
 * it fails (test/model/wire.test.ts holds them to it): a session's first model list need not build
 * the zod schema. Only `data` and each entry's `id` can fail it; a context length that is not a
 * positive integer is dropped, as `.catch(undefined)` does.
 */
export function readModelList(json: unknown): ModelInfo[] | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const { data } = json as Record<string, unknown>;
  if (!Array.isArray(data)) return null;
  const models: ModelInfo[] = [];
  for (let i = 0; i < data.length; i++) {
    const entry = data[i] as Record<string, unknown>;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry) || typeof entry.id !== "string") return null;
    const meta = entry.meta;
    const fromMeta = typeof meta === "object" && meta !== null && !Array.isArray(meta) ? positiveInteger((meta as Record<string, unknown>).n_ctx_train) : null;
    const contextWindow = positiveInteger(entry.max_model_len) ?? positiveInteger(entry.max_context_length) ?? positiveInteger(entry.context_length) ?? fromMeta;
    models.push({ id: entry.id, contextWindow });
  }
  return models;
}

/** What zod's `z.number().int().positive()` accepts, else null. */
function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** The message of an error body: OpenAI's `{"error":{"message"}}`, `{"error":"…"}`, or the text itself. */
export function errorText(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string };
    if (typeof json.error === "string") return json.error;
    if (typeof json.error?.message === "string") return json.error.message;
  } catch {
    // not JSON: show it as it is
  }
  return text;
}

export function toFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  if (reason === "length") return "length";
  if (hasToolCalls || reason === "tool_calls" || reason === "function_call") return "tool_calls";
  return "stop";
}
