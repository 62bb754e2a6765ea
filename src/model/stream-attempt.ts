/**
 * One streamed chat request: watches the connect / first-token / between-chunk deadlines, turns
 * chunks into ModelEvents, and turns every fault into a ModelServerError saying whether a retry
 * may help. Ends quietly when the caller's signal aborts.
 */
import { APIConnectionError, APIError, APIUserAbortError, type OpenAI } from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { ModelServerError } from "../errors.ts";
import { createContentSplitter } from "./content-splitter.ts";
import {
  chunkTimeoutError,
  connectTimeoutError,
  firstTokenTimeoutError,
  garbageError,
  httpError,
  imagesRejected,
  imagesRejectedError,
  truncatedError,
  unreachableError,
} from "./faults.ts";
import type { ModelOptions } from "./options.ts";
import { canConnect } from "./probe.ts";
import { recoverToolCalls } from "./recover-tool-calls.ts";
import type { ModelConfig } from "./spec.ts";
import { createToolCallAssembler } from "./tool-call-assembler.ts";
import type { ModelEvent, ToolSpec, Usage } from "./types.ts";
import { hasImageParts, StreamChunk, toFinishReason } from "./wire.ts";

export type AttemptState = {
  /** Set once an event reached the caller: from then on a retry would repeat output. */
  emitted: boolean;
  /** Set with a thrown fault: connection errors and 5xx may succeed on a retry. */
  retryable: boolean;
};

export type AttemptInput = {
  client: OpenAI;
  config: ModelConfig;
  options: ModelOptions;
  body: ChatCompletionCreateParamsStreaming;
  tools: readonly ToolSpec[];
  signal: AbortSignal;
  newCallId: () => string;
};

export async function* streamAttempt(input: AttemptInput, state: AttemptState): AsyncGenerator<ModelEvent> {
  const { client, config, options, signal } = input;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal.addEventListener("abort", abort, { once: true });
  let timedOut: ModelServerError | null = null;
  const expire = (error: ModelServerError): void => {
    timedOut ??= error;
    controller.abort();
  };
  let headersReceived = false;
  const firstTokenTimer = setTimeout(() => expire(firstTokenTimeoutError(config, options.firstTokenTimeoutMs)), options.firstTokenTimeoutMs);
  const connectTimer = setTimeout(async () => {
    if (headersReceived) return;
    const reachable = await canConnect(config.baseURL, Math.min(options.connectTimeoutMs, 5000));
    if (!reachable && !headersReceived) expire(connectTimeoutError(config, options.connectTimeoutMs));
  }, options.connectTimeoutMs);
  let chunkTimer: ReturnType<typeof setTimeout> | undefined;
  const fail = (error: ModelServerError, retryable: boolean): ModelServerError => {
    state.retryable = retryable;
    return error;
  };

  try {
    let stream: AsyncIterable<unknown>;
    let response: Response;
    try {
      ({ data: stream, response } = await client.chat.completions.create(input.body, { signal: controller.signal }).withResponse());
    } catch (error) {
      if (signal.aborted) return;
      if (timedOut) throw fail(timedOut, false);
      throw requestFault(config, error, fail, hasImageParts(input.body) ? { model: input.body.model } : null);
    } finally {
      headersReceived = true;
      clearTimeout(connectTimer);
    }
    const contentType = response.headers.get("content-type") ?? "";
    if (/json|html|xml/i.test(contentType)) {
      const text = await response.text().catch(() => "");
      throw fail(garbageError(config, `HTTP 200 with ${contentType} instead of a stream: ${text.slice(0, 120)}`), false);
    }

    const splitter = createContentSplitter();
    const assembler = createToolCallAssembler();
    let finishReason: string | null = null;
    let usage: Usage | null = null;
    let chunks = 0;
    let started = false;
    try {
      for await (const raw of stream) {
        if (signal.aborted) return;
        chunks++;
        chunkTimer?.refresh();
        const parsed = StreamChunk.safeParse(raw);
        if (!parsed.success || (!parsed.data.choices && !parsed.data.usage)) throw fail(garbageError(config, `a stream chunk without the chat completion shape: ${JSON.stringify(raw).slice(0, 120)}`), false);
        const chunk = parsed.data;
        if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta;
        const reasoning = delta?.reasoning ?? delta?.reasoning_content ?? "";
        const content = delta?.content ?? "";
        if (choice.finish_reason) finishReason = choice.finish_reason;
        if (!started && (reasoning || content || delta?.tool_calls?.length || finishReason)) {
          // Role-only chunks come before prefill ends; only real output stops the first-token clock.
          started = true;
          clearTimeout(firstTokenTimer);
          chunkTimer = setTimeout(() => expire(chunkTimeoutError(config, options.chunkTimeoutMs)), options.chunkTimeoutMs);
        }
        if (reasoning) {
          state.emitted = true;
          yield { type: "reasoning", text: reasoning };
        }
        if (content) {
          for (const piece of splitter.push(content)) {
            state.emitted = true;
            yield piece;
          }
        }
        for (const call of delta?.tool_calls ?? []) assembler.add(call);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (timedOut) throw fail(timedOut, false);
      if (error instanceof ModelServerError) throw error;
      throw streamFault(config, error, fail);
    }
    if (signal.aborted) return;
    if (timedOut) throw fail(timedOut, false);
    if (chunks === 0) throw fail(garbageError(config, "the reply held no server-sent events"), false);
    if (finishReason === null) throw fail(truncatedError(config), false);

    const end = splitter.end();
    const events: ModelEvent[] = end.pieces.map((piece) => ({ type: piece.type, text: piece.text }));
    let calls = assembler.finish(input.newCallId);
    if (end.held !== "") {
      const recovery = recoverToolCalls(end.held, input.tools);
      if (calls.length === 0) calls = recovery.calls.map((call) => ({ id: input.newCallId(), ...call }));
      // Markup that held no call was prose after all: show it.
      const shown = recovery.calls.length > 0 ? recovery.text : end.held;
      if (shown !== "") events.push({ type: "text", text: shown });
    }
    for (const call of calls) events.push({ type: "tool_call", call });
    if (usage) events.push({ type: "usage", usage });
    events.push({ type: "finish", reason: toFinishReason(finishReason, calls.length > 0) });
    state.emitted = true;
    yield* events;
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(connectTimer);
    clearTimeout(chunkTimer);
    signal.removeEventListener("abort", abort);
    controller.abort();
  }
}

type Fail = (error: ModelServerError, retryable: boolean) => ModelServerError;

/** A fault before any chunk: no answer, an HTTP error status, or a refused connection. */
/** `images`: the request held images (and named this model). */
function requestFault(config: ModelConfig, error: unknown, fail: Fail, images: { model: string } | null): ModelServerError {
  if (error instanceof APIError && typeof error.status === "number") {
    if (images && imagesRejected(error.status, serverText(error))) return fail(imagesRejectedError(config, images.model, error.status, serverText(error)), false);
    return fail(httpError(config, error.status, serverText(error)), error.status >= 500);
  }
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError || error instanceof TypeError) {
    return fail(unreachableError(config, error.cause ?? error), true);
  }
  return fail(unreachableError(config, error), true);
}

/** A fault while reading the stream. */
function streamFault(config: ModelConfig, error: unknown, fail: Fail): ModelServerError {
  if (error instanceof SyntaxError) return fail(garbageError(config, error.message), false);
  if (error instanceof APIError) return fail(httpError(config, error.status ?? 500, serverText(error)), false);
  // The connection dropped mid-reply.
  return fail(truncatedError(config), true);
}

function serverText(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === "string") return body.message;
  return error.message.replace(/^\d{3}\s*/, "");
}
