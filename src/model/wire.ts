/**
 * What goes over the wire to an OpenAI-compatible server and what comes back, as plain data:
 * request bodies from our messages, and the zod shapes that stream chunks must have.
 */
import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { z } from "zod";
import type { ChatMessage, FinishReason, ToolSpec } from "./types.ts";

export type RequestSettings = {
  model: string;
  temperature: number;
  maxTokens: number;
  /** OpenAI's own API wants max_completion_tokens; local servers know max_tokens. */
  useMaxCompletionTokens: boolean;
};

export function chatRequestBody(
  messages: readonly ChatMessage[],
  tools: readonly ToolSpec[],
  settings: RequestSettings,
): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model: settings.model,
    messages: messages.map(toWireMessage),
    stream: true,
    stream_options: { include_usage: true },
    temperature: settings.temperature,
  };
  if (settings.useMaxCompletionTokens) body.max_completion_tokens = settings.maxTokens;
  else body.max_tokens = settings.maxTokens;
  // Some servers reject an empty tools list, so it is left out rather than sent empty.
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  return body;
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

const ToolCallDelta = z.object({
  index: z.number().int().nullish(),
  id: z.string().nullish(),
  function: z
    .object({
      name: z.string().nullish(),
      // A few servers send arguments as an object; it is re-serialised.
      arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
    })
    .nullish(),
});

export const StreamChunk = z.object({
  // Usage-only chunks may come without choices; a chunk with neither is rejected by the caller.
  choices: z.array(
    z.object({
      delta: z
        .object({
          content: z.string().nullish(),
          reasoning: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          tool_calls: z.array(ToolCallDelta).nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ).optional(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
});
export type StreamChunk = z.infer<typeof StreamChunk>;
export type ToolCallDelta = z.infer<typeof ToolCallDelta>;

export const ModelList = z.object({
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
});

export type ModelInfo = { id: string; contextWindow: number | null };

export function modelInfo(entry: z.infer<typeof ModelList>["data"][number]): ModelInfo {
  return {
    id: entry.id,
    contextWindow: entry.max_model_len ?? entry.max_context_length ?? entry.context_length ?? entry.meta?.n_ctx_train ?? null,
  };
}

/** Whether a request body carries image content parts. */
export function hasImageParts(body: { messages: readonly ChatCompletionMessageParam[] }): boolean {
  return body.messages.some((message) => Array.isArray(message.content) && message.content.some((part) => part.type === "image_url"));
}

export function toFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  if (reason === "length") return "length";
  if (hasToolCalls || reason === "tool_calls" || reason === "function_call") return "tool_calls";
  return "stop";
}
