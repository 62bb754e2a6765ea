/**
 * A scripted OpenAI-compatible model server on 127.0.0.1, for tests of Punie and of your own
 * setups: every chat request takes the next reply from a script, streamed (SSE with `: keepalive`
 * comments, like mlx_lm.server) or not, and every request body is recorded.
 *
 * @example
 * const server = await startScriptedServer({ script: [{ text: "Hello!" }] });
 * // point Punie at it: --model local:${server.url}/scripted-model
 * server.requests[0]?.messages; // what the client sent
 * await server.stop();
 */

/** A structured tool call the server returns (its arguments stream in two deltas). */
export type ScriptedToolCall = { id?: string; name: string; arguments: string | Record<string, unknown> };

/** Waits that imitate slow servers. */
export type ScriptedDelays = {
  /** Before the status line and headers (a server loading its model). */
  beforeHeadersMs?: number;
  /** After the headers and the first `: keepalive`, before the first data chunk (prefill). */
  beforeFirstChunkMs?: number;
  /** Between data chunks (after the first chunk with content). */
  betweenChunksMs?: number;
};

/**
 * A normal answer. Text, reasoning and tool calls combine freely.
 * Text-embedded tool calls are just text: `{ text: '<tool_call>{"name":…}</tool_call>' }`.
 */
export type ScriptedCompletion = {
  kind?: "completion";
  /** Content; a string is split into `chunks` pieces, an array is sent as exactly those pieces. */
  text?: string | string[];
  /** Pieces a string `text` or `reasoning` is split into (default 3). */
  chunks?: number;
  /** Reasoning, sent before the text in the delta field `reasoningField`. */
  reasoning?: string;
  reasoningField?: "reasoning" | "reasoning_content";
  toolCalls?: ScriptedToolCall[];
  /** Default "tool_calls" when there are tool calls, else "stop"; null sends none (then [DONE]). */
  finishReason?: string | null;
  /** Token counts of the final usage chunk; null sends none. Default: 10 in, ~chars/4 out. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  /** Ends the stream cleanly after this many data chunks: no finish reason, no [DONE]. */
  truncateAfterChunks?: number;
  /** Sends `: keepalive` comments before the first chunk and between chunks (default true). */
  keepalive?: boolean;
  delays?: ScriptedDelays;
};

/** An HTTP error status; `body` defaults to an OpenAI-style `{"error":{"message":…}}`. */
export type ScriptedHttpError = { kind: "http_error"; status: number; body?: string | object; delays?: ScriptedDelays };

/**
 * A reply that is not a chat completion: `as: "body"` (default) sends `body` with status 200 and
 * `contentType` (default text/html); `as: "sse"` sends it as the data of an event in a valid stream.
 */
export type ScriptedGarbage = { kind: "garbage"; body: string; as?: "body" | "sse"; contentType?: string };

/** Never answers, until the client gives up: before the headers, or after them (a stuck model). */
export type ScriptedHang = { kind: "hang"; stage?: "before_headers" | "after_headers" };

export type ScriptedReply = ScriptedCompletion | ScriptedHttpError | ScriptedGarbage | ScriptedHang;

/** A recorded chat request body (as the client sent it). */
export type ScriptedRequest = {
  model?: string;
  messages?: Array<Record<string, unknown>>;
  tools?: Array<Record<string, unknown>>;
  stream?: boolean;
  [key: string]: unknown;
};

export type ScriptedServerOptions = {
  /** Replies in order, or a function choosing one per request (index counts from 0). */
  script: readonly ScriptedReply[] | ((request: ScriptedRequest, index: number) => ScriptedReply | Promise<ScriptedReply>);
  /**
   * What GET /v1/models lists (default ["scripted-model"]): ids, or entries with extra fields the
   * server reports (e.g. `{ id, max_model_len: 8192 }`); or an error it answers with.
   */
  models?: readonly (string | { id: string; [field: string]: unknown })[] | ScriptedHttpError;
};

export type ScriptedServer = {
  /** Base URL ending in /v1. */
  url: string;
  /** Every chat request body received, in order. */
  requests: ScriptedRequest[];
  /** How many times /v1/models was asked. */
  modelListRequests: number;
  stop(): Promise<void>;
};

export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  const state = { modelListRequests: 0 };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    // Hanging and slow replies are the point: never time a connection out.
    idleTimeout: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      if (request.method === "GET" && path === "/v1/models") {
        state.modelListRequests++;
        const models = options.models ?? ["scripted-model"];
        if (isHttpError(models)) return errorResponse(models);
        return Response.json({
          object: "list",
          data: models.map((entry) => ({ ...(typeof entry === "string" ? { id: entry } : entry), object: "model", owned_by: "scripted" })),
        });
      }
      if (request.method !== "POST" || path !== "/v1/chat/completions") {
        return Response.json({ error: { message: `No route ${request.method} ${path}` } }, { status: 404 });
      }
      let body: ScriptedRequest;
      try {
        body = (await request.json()) as ScriptedRequest;
      } catch {
        return Response.json({ error: { message: "Request body is not JSON" } }, { status: 400 });
      }
      const index = requests.push(body) - 1;
      const reply = await nextReply(options.script, body, index);
      return respond(reply, body, request.signal);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    requests,
    get modelListRequests() {
      return state.modelListRequests;
    },
    async stop() {
      await server.stop(true);
    },
  };
}

async function nextReply(script: ScriptedServerOptions["script"], body: ScriptedRequest, index: number): Promise<ScriptedReply> {
  if (typeof script === "function") return script(body, index);
  return script[index] ?? { kind: "http_error", status: 500, body: { error: { message: `scripted server: no reply left for request ${index + 1}` } } };
}

function isHttpError(value: unknown): value is ScriptedHttpError {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "http_error";
}

async function respond(reply: ScriptedReply, body: ScriptedRequest, signal: AbortSignal): Promise<Response> {
  switch (reply.kind) {
    case "hang":
      if (reply.stage === "after_headers") return sse(signal, async (send) => {
        send(": keepalive\n\n");
        await untilAborted(signal);
      });
      await untilAborted(signal);
      return new Response(null, { status: 499 });
    case "http_error":
      await sleep(reply.delays?.beforeHeadersMs);
      return errorResponse(reply);
    case "garbage":
      if (reply.as === "sse") return sse(signal, async (send) => send(`data: ${reply.body}\n\n`));
      return new Response(reply.body, { headers: { "content-type": reply.contentType ?? "text/html" } });
    case undefined:
    case "completion":
      await sleep(reply.delays?.beforeHeadersMs);
      return body.stream === true ? streamCompletion(reply, body, signal) : Response.json(fullCompletion(reply, body));
    default:
      return reply satisfies never;
  }
}

function errorResponse(reply: ScriptedHttpError): Response {
  const body = reply.body ?? { error: { message: `scripted HTTP ${reply.status}`, type: "server_error" } };
  return typeof body === "string"
    ? new Response(body, { status: reply.status, headers: { "content-type": "text/plain" } })
    : Response.json(body, { status: reply.status });
}

type Delta = Record<string, unknown>;

function streamCompletion(reply: ScriptedCompletion, body: ScriptedRequest, signal: AbortSignal): Response {
  const base = { id: "chatcmpl-scripted", object: "chat.completion.chunk", created: 0, model: body.model ?? "scripted-model" };
  const choice = (delta: Delta, finish: string | null = null): string =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const events: string[] = [choice({ role: "assistant", content: "" })];
  const pieces = reply.chunks ?? 3;
  const field = reply.reasoningField ?? "reasoning";
  for (const part of split(reply.reasoning ?? "", pieces)) events.push(choice({ [field]: part }));
  for (const part of typeof reply.text === "string" ? split(reply.text, pieces) : (reply.text ?? [])) events.push(choice({ content: part }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    const args = argumentsText(call);
    const half = Math.ceil(args.length / 2);
    const id = call.id ?? `call_scripted_${index + 1}`;
    events.push(choice({ tool_calls: [{ index, id, type: "function", function: { name: call.name, arguments: args.slice(0, half) } }] }));
    events.push(choice({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
  });
  const finish = reply.finishReason === undefined ? (reply.toolCalls?.length ? "tool_calls" : "stop") : reply.finishReason;
  if (finish !== null) events.push(choice({}, finish));
  const usage = usageOf(reply);
  if (usage) events.push(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  events.push("data: [DONE]\n\n");
  const limit = reply.truncateAfterChunks ?? Number.POSITIVE_INFINITY;
  const keepalive = reply.keepalive ?? true;

  return sse(signal, async (send) => {
    if (keepalive) send(": keepalive\n\n");
    await sleep(reply.delays?.beforeFirstChunkMs);
    for (const [index, event] of events.entries()) {
      if (index >= limit || signal.aborted) return;
      // The role-only opening chunk goes out with the first real one; the waits come after.
      if (index > 1) {
        await sleep(reply.delays?.betweenChunksMs);
        if (keepalive && index === 2) send(": keepalive\n\n");
      }
      send(event);
    }
  });
}

function fullCompletion(reply: ScriptedCompletion, body: ScriptedRequest): object {
  const text = typeof reply.text === "string" ? reply.text : (reply.text ?? []).join("");
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_scripted_${index + 1}`,
    type: "function",
    function: { name: call.name, arguments: argumentsText(call) },
  }));
  const message: Delta = { role: "assistant", content: text === "" && toolCalls.length ? null : text };
  if (reply.reasoning) message[reply.reasoningField ?? "reasoning"] = reply.reasoning;
  if (toolCalls.length) message.tool_calls = toolCalls;
  const finish = reply.finishReason === undefined ? (toolCalls.length ? "tool_calls" : "stop") : reply.finishReason;
  const usage = usageOf(reply);
  return {
    id: "chatcmpl-scripted",
    object: "chat.completion",
    created: 0,
    model: body.model ?? "scripted-model",
    choices: [{ index: 0, message, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  };
}

function usageOf(reply: ScriptedCompletion): object | null {
  if (reply.usage === null) return null;
  const text = typeof reply.text === "string" ? reply.text : (reply.text ?? []).join("");
  const prompt = reply.usage?.promptTokens ?? 10;
  const completion = reply.usage?.completionTokens ?? Math.ceil((text.length + (reply.reasoning ?? "").length) / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function argumentsText(call: ScriptedToolCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}

/** Splits text into `pieces` parts of near-equal length (none when the text is empty). */
function split(text: string, pieces: number): string[] {
  if (text === "") return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}

function sse(signal: AbortSignal, write: (send: (text: string) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    // Not awaited: the headers go out as soon as the first bytes are queued.
    start(controller) {
      const send = (text: string): void => {
        try {
          if (!signal.aborted) controller.enqueue(encoder.encode(text));
        } catch {
          // Cancelled by the client: the writer stops at its next abort check.
        }
      };
      const close = (): void => {
        try {
          controller.close();
        } catch {
          // The client went away mid-stream (the stream is cancelled): nothing left to do.
        }
      };
      write(send).then(close, close);
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

function sleep(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? Bun.sleep(ms) : Promise.resolve();
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
