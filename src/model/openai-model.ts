/**
 * The chat model for every OpenAI-compatible server (LM Studio, mlx_lm.server, Ollama,
 * llama.cpp, vLLM, OpenAI): streaming with tools, Punie's own retries and timeouts.
 */
import { garbageError, httpError, noModelLoadedError, unreachableError } from "./faults.ts";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./options.ts";
import type { ModelConfig } from "./spec.ts";
import { type AttemptInput, type AttemptState, chatEndpoint, streamAttempt } from "./stream-attempt.ts";
import type { ChatMessage, Model, ModelEvent, ModelRequest } from "./types.ts";
import { chatRequestJson, createRequestJsonCache, errorText, type ModelInfo, readModelList } from "./wire.ts";

/** How long the model list may take when the spec names no model. */
const LIST_TIMEOUT_MS = 5000;

/**
 * Creates a Model talking to `config.baseURL`.
 *
 * @example
 * const model = createChatModel(parseModelSpec("mlx"), { firstTokenTimeoutMs: 600_000 });
 * for await (const event of model.stream({ messages, tools, signal })) console.log(event);
 */
export function createChatModel(config: ModelConfig, options: Partial<ModelOptions> = {}): Model {
  const settings: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...options };
  let modelName: Promise<string> | null = null;
  let callCount = 0;
  const newCallId = (): string => `call_${++callCount}`;
  const requestJson = createRequestJsonCache();
  const endpoint = chatEndpoint(config);

  const resolveModelName = (): Promise<string> => {
    if (config.model !== null) return Promise.resolve(config.model);
    modelName ??= listModels(config, Math.min(LIST_TIMEOUT_MS, settings.connectTimeoutMs), settings.fetch).then(
      (ids) => ids[0] ?? Promise.reject(noModelLoadedError(config)),
    );
    // A failure is not cached: the user may load a model and try again.
    modelName.catch(() => {
      modelName = null;
    });
    return modelName;
  };

  /** The attempt's input, or null when the request was cancelled first. */
  const prepare = async (request: ModelRequest): Promise<AttemptInput | null> => {
    let model: string | null = config.model;
    if (model === null) {
      try {
        // The model list may take seconds; a cancel must not wait for it.
        model = await untilAborted(resolveModelName(), request.signal);
      } catch (error) {
        if (request.signal.aborted) return null;
        throw error;
      }
    }
    if (model === null || request.signal.aborted) return null;
    const body = chatRequestJson(request.messages, request.tools, {
      model,
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
      useMaxCompletionTokens: config.provider === "openai",
      topP: settings.topP,
      repetitionPenalty: settings.repetitionPenalty,
    }, requestJson);
    const images = holdsImages(request.messages) ? { model } : null;
    return { config, request: endpoint, options: settings, body, images, tools: request.tools, signal: request.signal, newCallId };
  };

  /**
   * Punie's own retries (never after output began) and deadlines; no client library in between.
   * The events of an attempt's batches are handed out one by one straight from the attempt: no
   * generator in between that only forwards (each step of one costs an await per event).
   */
  const stream = (request: ModelRequest): AsyncIterableIterator<ModelEvent> => {
    let input: AttemptInput | null = null;
    let attempt: AsyncGenerator<ModelEvent[]> | null = null;
    let state: AttemptState = { emitted: false, retryable: false };
    let attempts = 0;
    let batch: ModelEvent[] = [];
    let at = 0;
    let ended = false;

    const advance = async (): Promise<IteratorResult<ModelEvent>> => {
      for (;;) {
        if (at < batch.length) return { value: batch[at++] as ModelEvent, done: false };
        if (ended) return { value: undefined, done: true };
        try {
          if (attempt === null) {
            input ??= await prepare(request);
            if (input === null) {
              ended = true;
              continue;
            }
            state = { emitted: false, retryable: false };
            attempt = streamAttempt(input, state);
          }
          const step = await attempt.next();
          if (step.done) {
            attempt = null;
            ended = true;
          } else {
            batch = step.value;
            at = 0;
          }
        } catch (error) {
          attempt = null;
          if (input === null || request.signal.aborted || !state.retryable || state.emitted || attempts >= settings.retries) {
            ended = true;
            if (request.signal.aborted) continue;
            throw error;
          }
          await abortableSleep(settings.retryDelayMs * 2 ** attempts, request.signal);
          attempts++;
          if (request.signal.aborted) ended = true;
        }
      }
    };

    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: advance,
      // The caller stopped early (a break, or a throw in its loop): the attempt ends as a closed generator would.
      async return() {
        ended = true;
        batch = [];
        const open = attempt;
        attempt = null;
        if (open) await open.return(undefined);
        return { value: undefined, done: true };
      },
    };
  };

  return { id: config.spec, baseURL: config.baseURL, stream };
}

/**
 * Lists the ids the server's /v1/models offers (in its order), e.g. for a model picker.
 * Throws ModelServerError when the server is down or answers badly.
 */
export async function listModels(config: ModelConfig, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<string[]> {
  return (await listModelInfo(config, timeoutMs, fetchImpl)).map((entry) => entry.id);
}

/** The server's models with their context window where the server reports one. */
export async function listModelInfo(config: ModelConfig, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<ModelInfo[]> {
  const url = `${config.baseURL.replace(/\/+$/, "")}/models`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { Authorization: `Bearer ${config.apiKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw unreachableError(config, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw unreachableError(config, error);
  }
  if (!response.ok) throw httpError(config, response.status, errorText(text));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw garbageError(config, `/models answered with non-JSON: ${text.slice(0, 120)}`);
  }
  const models = readModelList(json);
  if (models === null) throw garbageError(config, `/models answered without a data list: ${text.slice(0, 120)}`);
  return models;
}

/** Whether a user message carries images (a plain loop: it runs over the whole conversation per request). */
function holdsImages(messages: readonly ChatMessage[]): boolean {
  for (const message of messages) if (message.role === "user" && (message.images?.length ?? 0) > 0) return true;
  return false;
}

/** Resolves with the promise's value, or null as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | null> {
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(null);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
