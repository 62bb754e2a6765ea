import { afterEach, describe, expect, test } from "bun:test";
import { ModelRejectedImagesError, ModelServerError } from "../../src/errors.ts";
import { createChatModel, listModels } from "../../src/model/openai-model.ts";
import type { ModelOptions } from "../../src/model/options.ts";
import { parseModelSpec } from "../../src/model/spec.ts";
import type { ChatMessage, ModelEvent, ToolSpec } from "../../src/model/types.ts";
import { type ScriptedReply, type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from "../../src/testing/index.ts";

const readFile: ToolSpec = {
  name: "read_file",
  description: "Read a file",
  parameters: { type: "object", properties: { path: { type: "string" }, line: { type: "integer" } }, required: ["path"] },
};
const hello: ChatMessage[] = [{ role: "user", content: "hi" }];
const servers: ScriptedServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(script: ScriptedReply[], extra: Partial<ScriptedServerOptions> = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer({ script, ...extra });
  servers.push(server);
  return server;
}

type Outcome = { events: ModelEvent[]; error: unknown; text: string };

async function run(spec: string, options: Partial<ModelOptions> = {}, messages = hello, tools: ToolSpec[] = [readFile]): Promise<Outcome> {
  const model = createChatModel(parseModelSpec(spec), { retryDelayMs: 1, ...options });
  const events: ModelEvent[] = [];
  let error: unknown = null;
  try {
    for await (const event of model.stream({ messages, tools, signal: new AbortController().signal })) events.push(event);
  } catch (caught) {
    error = caught;
  }
  const text = events.flatMap((event) => (event.type === "text" ? [event.text] : [])).join("");
  return { events, error, text };
}

const local = (server: ScriptedServer): string => `local:${server.url}/scripted-model`;

describe("createChatModel against a scripted server", () => {
  test("streams text as it arrives, then usage and finish", async () => {
    const server = await serve([{ text: "Hello there, user!", chunks: 4, usage: { promptTokens: 12, completionTokens: 5 } }]);
    const { events, error } = await run(local(server));
    expect(error).toBeNull();
    const texts = events.filter((event) => event.type === "text");
    expect(texts.length).toBe(4);
    expect(texts.map((event) => (event.type === "text" ? event.text : "")).join("")).toBe("Hello there, user!");
    expect(events.at(-2)).toEqual({ type: "usage", usage: { inputTokens: 12, outputTokens: 5 } });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });

  test("sends temperature 0, max_tokens 4096, usage requested, tools in OpenAI shape", async () => {
    const server = await serve([{ text: "ok" }]);
    await run(local(server));
    const body = server.requests[0];
    expect(body).toMatchObject({ model: "scripted-model", stream: true, temperature: 0, max_tokens: 4096, stream_options: { include_usage: true } });
    expect(body?.tools).toEqual([{ type: "function", function: { name: "read_file", description: "Read a file", parameters: readFile.parameters } }]);
  });

  test("leaves tools out when there are none", async () => {
    const server = await serve([{ text: "ok" }]);
    await run(local(server), {}, hello, []);
    expect(server.requests[0]).not.toHaveProperty("tools");
  });

  test("history goes back with tool-call arguments as JSON strings", async () => {
    const server = await serve([{ text: "done" }]);
    const history: ChatMessage[] = [
      { role: "user", content: "read a.py" },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", name: "read_file", arguments: '{"path":"a.py"}' }] },
      { role: "tool", tool_call_id: "c1", content: "print(1)" },
    ];
    await run(local(server), {}, history);
    expect(server.requests[0]?.messages?.[1]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c1", type: "function", function: { name: "read_file", arguments: '{"path":"a.py"}' } }],
    });
    expect(server.requests[0]?.messages?.[2]).toEqual({ role: "tool", tool_call_id: "c1", content: "print(1)" });
  });

  test.each(["reasoning", "reasoning_content"] as const)("reasoning from the %s field and from <think> tags", async (field) => {
    const server = await serve([{ reasoning: "Let me think.", reasoningField: field, text: ["<think>more", " thought</think>", "Answer."] }]);
    const { events, text } = await run(local(server));
    const reasoning = events.flatMap((event) => (event.type === "reasoning" ? [event.text] : [])).join("");
    expect(reasoning).toBe("Let me think.more thought");
    expect(text).toBe("Answer.");
  });

  test("structured tool calls split across deltas are assembled", async () => {
    const server = await serve([
      {
        toolCalls: [
          { id: "call_a", name: "read_file", arguments: { path: "src/app.py" } },
          { id: "call_b", name: "read_file", arguments: { path: "README.md", line: 3 } },
        ],
      },
    ]);
    const { events, error } = await run(local(server));
    expect(error).toBeNull();
    expect(events.filter((event) => event.type === "tool_call")).toEqual([
      { type: "tool_call", call: { id: "call_a", name: "read_file", arguments: '{"path":"src/app.py"}' } },
      { type: "tool_call", call: { id: "call_b", name: "read_file", arguments: '{"path":"README.md","line":3}' } },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_calls" });
  });

  test("tool calls written as text are recovered and never shown", async () => {
    const server = await serve([
      { text: ["I'll read it.\n<tool", '_call>\n{"name": "read_file", "arguments": {"path": "a.py"}}\n</tool_call>'] },
      { text: "<tool_call>\n<function=read_file>\n<parameter=path>\nb.py\n</parameter>\n<parameter=line>\n7\n</parameter>\n</function>\n</tool_call>", chunks: 7 },
    ]);
    const first = await run(local(server));
    expect(first.text).toBe("I'll read it.\n");
    expect(first.events.filter((event) => event.type === "tool_call")).toEqual([
      { type: "tool_call", call: { id: "call_1", name: "read_file", arguments: '{"path":"a.py"}', format: "text" } },
    ]);
    expect(first.events.at(-1)).toEqual({ type: "finish", reason: "tool_calls" });
    const second = await run(local(server));
    expect(second.text).toBe("");
    const call = second.events.find((event) => event.type === "tool_call");
    expect(call?.type === "tool_call" && JSON.parse(call.call.arguments)).toEqual({ path: "b.py", line: 7 });
  });

  test("markup that holds no call is shown as text after all", async () => {
    const server = await serve([{ text: "Use the <tool_call> tag like so." }]);
    const { text, events } = await run(local(server));
    expect(text).toBe("Use the <tool_call> tag like so.");
    expect(events.some((event) => event.type === "tool_call")).toBe(false);
  });

  test("finish reason length is reported", async () => {
    const server = await serve([{ text: "cut", finishReason: "length" }]);
    const { events } = await run(local(server));
    expect(events.at(-1)).toEqual({ type: "finish", reason: "length" });
  });

  test("mlx sends model default_model whatever it serves", async () => {
    const server = await serve([{ text: "ok" }]);
    await run(`mlx:${server.url}`);
    expect(server.requests[0]?.model).toBe("default_model");
  });

  test("local with no name asks /v1/models once and uses the first model", async () => {
    const server = await serve([{ text: "one" }, { text: "two" }], { models: ["qwen3-coder", "other"] });
    const model = createChatModel(parseModelSpec(`local:${server.url}`));
    for (let index = 0; index < 2; index++) {
      for await (const _event of model.stream({ messages: hello, tools: [], signal: new AbortController().signal })) {
        // drain
      }
    }
    expect(server.requests.map((request) => request.model)).toEqual(["qwen3-coder", "qwen3-coder"]);
    expect(server.modelListRequests).toBe(1);
  });

  test("local with no model loaded says so", async () => {
    const server = await serve([], { models: [] });
    const { error } = await run(`local:${server.url}`);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain("no loaded model");
    expect((error as Error).message).toContain(server.url);
  });
});

describe("images", () => {
  const withImage: ChatMessage[] = [{ role: "user", content: "what is this?", images: [{ mimeType: "image/png", data: "iVBORw0KGgo=" }] }];

  test("go as OpenAI image content parts after the text", async () => {
    const server = await serve([{ text: "a dot" }]);
    const { error } = await run(local(server), {}, withImage);
    expect(error).toBeNull();
    expect(server.requests[0]?.messages?.at(-1)).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      ],
    });
  });

  test("a refusal that speaks of images (even a 5xx) is ModelRejectedImagesError naming the model, and is not retried", async () => {
    // llama-server without its mmproj answers 500: a retry would only repeat it.
    const refusal: ScriptedReply = { kind: "http_error", status: 500, body: { error: { message: "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj" } } };
    const server = await serve([refusal, refusal]);
    const { error } = await run(local(server), { retries: 2 }, withImage);
    expect(error).toBeInstanceOf(ModelRejectedImagesError);
    expect((error as Error).message).toContain("scripted-model");
    expect(server.requests).toHaveLength(1);
  });

  test("the same refusal of a request without images is an ordinary server error", async () => {
    const server = await serve([{ kind: "http_error", status: 400, body: { error: { message: "vision models only" } } }]);
    const { error } = await run(local(server));
    expect(error).toBeInstanceOf(ModelServerError);
    expect(error).not.toBeInstanceOf(ModelRejectedImagesError);
  });
});

describe("faults", () => {
  test("retries 503 with backoff, then succeeds", async () => {
    const server = await serve([{ kind: "http_error", status: 503 }, { kind: "http_error", status: 503 }, { text: "finally" }]);
    const { error, text } = await run(local(server), { retries: 2 });
    expect(error).toBeNull();
    expect(text).toBe("finally");
    expect(server.requests.length).toBe(3);
  });

  test("gives up after the configured retries with the status and the server's text", async () => {
    const server = await serve([
      { kind: "http_error", status: 503, body: { error: { message: "model is loading" } } },
      { kind: "http_error", status: 503, body: { error: { message: "model is loading" } } },
      { text: "too late" },
    ]);
    const { error } = await run(local(server), { retries: 1 });
    expect(server.requests.length).toBe(2);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain("HTTP 503");
    expect((error as Error).message).toContain("model is loading");
    expect((error as Error).message).toContain(server.url);
  });

  test("does not retry a 400, and shows the server's plain-text error", async () => {
    const server = await serve([{ kind: "http_error", status: 400, body: "context length exceeded" }, { text: "never" }]);
    const { error } = await run(local(server));
    expect(server.requests.length).toBe(1);
    expect((error as Error).message).toContain("HTTP 400: context length exceeded");
  });

  test("connection refused names the URL and what to start", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const url = `http://127.0.0.1:${probe.port}/v1`;
    await probe.stop(true);
    const { error } = await run(`local:${url}/m`, { retries: 1 });
    expect(error).toBeInstanceOf(ModelServerError);
    const message = (error as Error).message;
    expect(message).toContain(`Could not reach the model server at ${url}`);
    expect(message).toContain("LM Studio");
    expect((error as ModelServerError).baseURL).toBe(url);
  });

  test("a truncated stream is an error, not a short answer", async () => {
    const server = await serve([{ text: "Half an ans", chunks: 3, truncateAfterChunks: 3 }]);
    const { error, events } = await run(local(server));
    expect((error as Error).message).toContain("ended the reply before it was finished");
    expect(events.some((event) => event.type === "finish")).toBe(false);
  });

  test.each([
    ["an HTML page", { kind: "garbage", body: "<html><body>Welcome to nginx</body></html>" } as ScriptedReply],
    ["non-JSON stream data", { kind: "garbage", as: "sse", body: "this is not json" } as ScriptedReply],
    ["JSON that is not a chunk", { kind: "garbage", as: "sse", body: '{"hello":"world"}' } as ScriptedReply],
  ])("garbage (%s) is an error naming the URL", async (_name, reply) => {
    const server = await serve([reply]);
    const { error } = await run(local(server));
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain("not an OpenAI-compatible chat completion");
    expect((error as Error).message).toContain(server.url);
  });

  test("first-token timeout names the variable to raise", async () => {
    const server = await serve([{ text: "late", delays: { beforeFirstChunkMs: 5000 } }]);
    const started = performance.now();
    const { error } = await run(local(server), { firstTokenTimeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect((error as Error).message).toContain("no first token");
    expect((error as Error).message).toContain("PUNIE_FIRST_TOKEN_TIMEOUT_MS");
  });

  test("a server that never answers hits the first-token timeout", async () => {
    const server = await serve([{ kind: "hang" }]);
    const { error } = await run(local(server), { firstTokenTimeoutMs: 150 });
    expect((error as Error).message).toContain("PUNIE_FIRST_TOKEN_TIMEOUT_MS");
  });

  test("silence mid-reply hits the between-chunk timeout", async () => {
    const server = await serve([{ text: "a b c", chunks: 3, delays: { betweenChunksMs: 5000 } }]);
    const { error } = await run(local(server), { chunkTimeoutMs: 150 });
    expect((error as Error).message).toContain("PUNIE_CHUNK_TIMEOUT_MS");
  });

  test("slow headers from a reachable server are not a connect timeout", async () => {
    const server = await serve([{ text: "loaded", delays: { beforeHeadersMs: 300 } }]);
    const { error, text } = await run(local(server), { connectTimeoutMs: 50 });
    expect(error).toBeNull();
    expect(text).toBe("loaded");
  });
});

describe("abort", () => {
  test("mid-stream: ends quietly within 200 ms, no events after", async () => {
    const server = await serve([{ text: "one two three four", chunks: 4, delays: { betweenChunksMs: 10_000 } }]);
    const model = createChatModel(parseModelSpec(local(server)));
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    let abortedAt = 0;
    for await (const event of model.stream({ messages: hello, tools: [], signal: controller.signal })) {
      events.push(event);
      if (abortedAt === 0) {
        abortedAt = performance.now();
        setTimeout(() => controller.abort(), 0);
      }
    }
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(events).toEqual([{ type: "text", text: "one t" }]);
  });

  test("a caller that stops reading mid-reply closes the request", async () => {
    const server = await serve([{ text: "one two three four", chunks: 4, delays: { betweenChunksMs: 10_000 } }]);
    let requestSignal: AbortSignal | null = null;
    const spy = ((url: string, init?: RequestInit) => {
      requestSignal = init?.signal ?? null;
      return fetch(url, init);
    }) as typeof fetch;
    const model = createChatModel(parseModelSpec(local(server)), { fetch: spy });
    const events: ModelEvent[] = [];
    for await (const event of model.stream({ messages: hello, tools: [], signal: new AbortController().signal })) {
      events.push(event);
      break;
    }
    expect(events).toEqual([{ type: "text", text: "one t" }]);
    expect((requestSignal as AbortSignal | null)?.aborted).toBe(true);
  });

  test("before the headers: ends quietly", async () => {
    const server = await serve([{ kind: "hang" }]);
    const model = createChatModel(parseModelSpec(local(server)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const events: ModelEvent[] = [];
    for await (const event of model.stream({ messages: hello, tools: [], signal: controller.signal })) events.push(event);
    expect(events).toEqual([]);
  });
});

describe("listModels", () => {
  test("lists the ids in the server's order", async () => {
    const server = await serve([], { models: ["b-model", "a-model"] });
    expect(await listModels(parseModelSpec(`local:${server.url}`), 1000)).toEqual(["b-model", "a-model"]);
  });

  test("an error status becomes a ModelServerError", async () => {
    const server = await serve([], { models: { kind: "http_error", status: 500, body: "boom" } });
    const error = await listModels(parseModelSpec(`local:${server.url}`), 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain("HTTP 500: boom");
  });
});

describe("retries and the first token", () => {
  const sseChunk = (content: string): string =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

  /** A fetch whose stream sends `chunks` and then loses the connection. */
  function droppingFetch(chunks: string[]): { fetch: typeof fetch; calls: () => number } {
    let calls = 0;
    const fake = async (): Promise<Response> => {
      calls++;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
          setTimeout(() => controller.error(new Error("socket closed")), 5);
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    };
    return { fetch: fake as unknown as typeof fetch, calls: () => calls };
  }

  test("a dropped connection before any output is retried", async () => {
    const fake = droppingFetch([]);
    const { error } = await run("local:http://127.0.0.1:9/v1/m", { fetch: fake.fetch, retries: 2 });
    expect(fake.calls()).toBe(3);
    expect((error as Error).message).toContain("ended the reply before it was finished");
  });

  test("a dropped connection after text was shown is not retried (it would repeat the text)", async () => {
    const fake = droppingFetch([sseChunk("Hello")]);
    const { error, text } = await run("local:http://127.0.0.1:9/v1/m", { fetch: fake.fetch, retries: 2 });
    expect(text).toBe("Hello");
    expect(fake.calls()).toBe(1);
    expect(error).toBeInstanceOf(ModelServerError);
  });
});

test("text that comes in the same network read as a broken chunk is still shown before the fault", async () => {
  const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  let calls = 0;
  const oneRead = (async () => {
    calls++;
    const bytes = new TextEncoder().encode(`${chunk("Hel")}${chunk("lo")}data: {"choices": 7}\n\n${chunk(" never")}`);
    return new Response(new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(bytes), controller.close()) }), {
      headers: { "content-type": "text/event-stream" },
    });
  }) as unknown as typeof fetch;
  const { events, error, text } = await run("local:http://127.0.0.1:9/v1/m", { fetch: oneRead, retries: 2 });
  expect(text).toBe("Hello");
  expect(events.every((event) => event.type === "text")).toBe(true);
  expect(error).toBeInstanceOf(ModelServerError);
  expect((error as Error).message).toContain("without the chat completion shape");
  // Output was shown: no retry (it would repeat the text).
  expect(calls).toBe(1);
});

test("abort while the model list is still loading ends at once", async () => {
  const hanging = (async () => new Promise<Response>(() => {})) as unknown as typeof fetch;
  const model = createChatModel(parseModelSpec("local:http://127.0.0.1:9/v1"), { fetch: hanging });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const started = performance.now();
  const events: ModelEvent[] = [];
  for await (const event of model.stream({ messages: hello, tools: [], signal: controller.signal })) events.push(event);
  expect(events).toEqual([]);
  expect(performance.now() - started).toBeLessThan(500);
});
