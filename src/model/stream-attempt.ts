/**
 * One streamed chat request: watches the connect / first-token / between-chunk deadlines, turns
 * chunks into ModelEvents, and turns every fault into a ModelServerError saying whether a retry
 * may help. Ends quietly when the caller's signal aborts.
 */
import { ModelServerError } from "../errors.ts";
import { createContentSplitter } from "./content-splitter.ts";
import { startDeadlines } from "./deadlines.ts";
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
import { readSse } from "./sse.ts";
import type { ModelConfig } from "./spec.ts";
import { createToolCallAssembler } from "./tool-call-assembler.ts";
import type { ModelEvent, ToolSpec, Usage } from "./types.ts";
import { errorText, isStreamChunk, type ToolCallDelta, toFinishReason } from "./wire.ts";

export type AttemptState = {
  /** Set once an event reached the caller: from then on a retry would repeat output. */
  emitted: boolean;
  /** Set with a thrown fault: connection errors and 5xx may succeed on a retry. */
  retryable: boolean;
};

/** What every chat request to a server shares (made once per model). */
export type ChatEndpoint = { url: string; headers: Record<string, string> };

export function chatEndpoint(config: ModelConfig): ChatEndpoint {
  return {
    url: `${config.baseURL.replace(/\/+$/, "")}/chat/completions`,
    headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${config.apiKey}` },
  };
}

export type AttemptInput = {
  config: ModelConfig;
  request: ChatEndpoint;
  options: ModelOptions;
  /** The request body as JSON (see chatRequestJson). */
  body: string;
  /** Set when the request holds images: the model it names (a refusal of images is told apart). */
  images: { model: string } | null;
  tools: readonly ToolSpec[];
  signal: AbortSignal;
  newCallId: () => string;
};

/** A stream event that is an error report rather than a chunk (the OpenAI client throws these). */
class StreamErrorEvent extends Error {}

/**
 * Yields the events of each network read together (in order): a reply's events cost one step of
 * this generator per read rather than one per event. Events gathered before a fault, a cancel or
 * the end still reach the caller first, as they would one by one.
 */
export async function* streamAttempt(input: AttemptInput, state: AttemptState): AsyncGenerator<ModelEvent[]> {
  const { config, options, signal } = input;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  // Removed in the finally below (a signal aborts once: no `once` option needed).
  signal.addEventListener("abort", abort);
  let timedOut: ModelServerError | null = null;
  const expire = (error: ModelServerError): void => {
    timedOut ??= error;
    controller.abort();
  };
  let headersReceived = false;
  let bodyDone = false;
  const deadlines = startDeadlines(options, {
    answered: () => headersReceived,
    probe: () => canConnect(config.baseURL, Math.min(options.connectTimeoutMs, 5000)),
    expire(kind) {
      if (kind === "connect") expire(connectTimeoutError(config, options.connectTimeoutMs));
      else if (kind === "firstToken") expire(firstTokenTimeoutError(config, options.firstTokenTimeoutMs));
      else expire(chunkTimeoutError(config, options.chunkTimeoutMs));
    },
  });
  const fail = (error: ModelServerError, retryable: boolean): ModelServerError => {
    state.retryable = retryable;
    return error;
  };

  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(input.request.url, {
        method: "POST",
        headers: input.request.headers,
        body: input.body,
        signal: controller.signal,
      });
    } catch (error) {
      if (signal.aborted) return;
      if (timedOut) throw fail(timedOut, false);
      // A refused or dropped connection: the server may be starting.
      throw fail(unreachableError(config, error), true);
    } finally {
      headersReceived = true;
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      if (signal.aborted) return;
      const said = errorText(text);
      if (input.images && imagesRejected(response.status, said)) throw fail(imagesRejectedError(config, input.images.model, response.status, said), false);
      throw fail(httpError(config, response.status, said), response.status >= 500);
    }
    const contentType = response.headers.get("content-type") ?? "";
    if (/json|html|xml/i.test(contentType) || !response.body) {
      const text = await response.text().catch(() => "");
      throw fail(garbageError(config, `HTTP 200 with ${contentType} instead of a stream: ${text.slice(0, 120)}`), false);
    }

    const splitter = createContentSplitter();
    const assembler = createToolCallAssembler();
    let finishReason: string | null = null;
    let usage: Usage | null = null;
    let chunks = 0;
    let started = false;
    const sse = readSse(response.body, deadlines.read);
    try {
      read: for (let batch = await sse.next(); batch !== null; batch = await sse.next()) {
        const out: ModelEvent[] = [];
        try {
          for (const { event, data } of batch) {
            if (signal.aborted) return;
            // Nothing after the completion sentinel is read (as the OpenAI client does).
            if (data === "[DONE]") break read;
            let raw: unknown;
            try {
              raw = JSON.parse(data);
            } catch {
              throw fail(garbageError(config, "Error reading response: malformed server-sent event JSON."), false);
            }
            const reported = event === "error" ? ((raw as { error?: unknown } | null)?.error ?? raw) : (raw as { error?: unknown } | null)?.error;
            if (reported) throw new StreamErrorEvent(describeReported(reported));
            chunks++;
            if (!isStreamChunk(raw) || (!raw.choices && !raw.usage)) throw fail(garbageError(config, `a stream chunk without the chat completion shape: ${JSON.stringify(raw).slice(0, 120)}`), false);
            const chunk = raw;
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
              deadlines.started();
            }
            if (reasoning) {
              state.emitted = true;
              out.push({ type: "reasoning", text: reasoning });
            }
            if (content) {
              const before = out.length;
              splitter.pushInto(content, out);
              if (out.length > before) state.emitted = true;
            }
            const calls = delta?.tool_calls;
            if (calls) for (let i = 0; i < calls.length; i++) assembler.add(calls[i] as ToolCallDelta);
          }
        } finally {
          if (out.length > 0) yield out;
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (timedOut) throw fail(timedOut, false);
      if (error instanceof ModelServerError) throw error;
      // The server reported an error inside the stream: as an HTTP 500 (never retried, it answered).
      if (error instanceof StreamErrorEvent) throw fail(httpError(config, 500, error.message), false);
      // The connection dropped mid-reply.
      throw fail(truncatedError(config), true);
    } finally {
      sse.cancel();
    }
    bodyDone = true;
    if (signal.aborted) return;
    if (timedOut) throw fail(timedOut, false);
    if (chunks === 0) throw fail(garbageError(config, "the reply held no server-sent events"), false);
    if (finishReason === null) throw fail(truncatedError(config), false);

    const end = splitter.end();
    const events: ModelEvent[] = end.pieces.map((piece) => ({ type: piece.type, text: piece.text }));
    let calls = assembler.finish(input.newCallId);
    if (end.held !== "") {
      const recovery = recoverToolCalls(end.held, input.tools);
      if (calls.length === 0) calls = recovery.calls.map((call) => ({ id: input.newCallId(), ...call, format: "text" as const }));
      // Markup that held no call was prose after all: show it.
      const shown = recovery.calls.length > 0 ? recovery.text : end.held;
      if (shown !== "") events.push({ type: "text", text: shown });
    }
    for (const call of calls) events.push({ type: "tool_call", call });
    if (usage) events.push({ type: "usage", usage });
    events.push({ type: "finish", reason: toFinishReason(finishReason, calls.length > 0) });
    state.emitted = true;
    yield events;
  } finally {
    deadlines.stop();
    signal.removeEventListener("abort", abort);
    // A reply read to its end leaves nothing to cancel (an abort would only build an AbortError).
    if (!bodyDone) controller.abort();
  }
}

/** The message of an error a server reported in its stream. */
function describeReported(reported: unknown): string {
  if (typeof reported === "string") return reported;
  const message = (reported as { message?: unknown }).message;
  return typeof message === "string" ? message : JSON.stringify(reported);
}
