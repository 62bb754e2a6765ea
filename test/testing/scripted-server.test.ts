import { afterEach, describe, expect, test } from "bun:test";
import { OpenAI } from "openai";
import { type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from "../../src/testing/index.ts";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const server = await startScriptedServer(options);
  servers.push(server);
  return server;
}

const client = (server: ScriptedServer): OpenAI => new OpenAI({ baseURL: server.url, apiKey: "x", maxRetries: 0 });

async function post(server: ScriptedServer, body: object, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, ...init });
}

describe("scripted server", () => {
  test("listens on 127.0.0.1 with a /v1 URL and lists its models", async () => {
    const server = await serve({ script: [], models: ["m1", "m2"] });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const list = await client(server).models.list();
    expect(list.data.map((model) => model.id)).toEqual(["m1", "m2"]);
  });

  test("answers non-streaming requests with a full completion, text and tool calls", async () => {
    const server = await serve({ script: [{ text: "Hi!", reasoning: "hmm", toolCalls: [{ name: "read_file", arguments: { path: "a.py" } }] }] });
    const completion = await client(server).chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    const choice = completion.choices[0];
    expect(choice?.message.content).toBe("Hi!");
    expect(choice?.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "read_file", arguments: '{"path":"a.py"}' } });
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(completion.usage?.prompt_tokens).toBe(10);
    expect(server.requests[0]?.messages).toEqual([{ role: "user", content: "hi" }]);
  });

  test("streams SSE with keepalive comments, a finish reason, usage and [DONE]", async () => {
    const server = await serve({ script: [{ text: "abcdef", chunks: 2 }] });
    const raw = await (await post(server, { model: "m", messages: [], stream: true })).text();
    expect(raw.startsWith(": keepalive\n\n")).toBe(true);
    expect(raw).toContain('"content":"abc"');
    expect(raw).toContain('"finish_reason":"stop"');
    expect(raw).toContain('"usage":');
    expect(raw.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  test("a truncated stream has no finish reason and no [DONE]", async () => {
    const server = await serve({ script: [{ text: "abcdef", chunks: 3, truncateAfterChunks: 2 }] });
    const raw = await (await post(server, { model: "m", messages: [], stream: true })).text();
    expect(raw).toContain('"content":"ab"');
    expect(raw).not.toContain('"content":"cd"');
    expect(raw).not.toContain("finish_reason\":\"stop");
    expect(raw).not.toContain("[DONE]");
  });

  test("error replies carry the status and body", async () => {
    const server = await serve({ script: [{ kind: "http_error", status: 503, body: "busy" }] });
    const response = await post(server, { model: "m", messages: [] });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("busy");
  });

  test("a script function sees each request and its index", async () => {
    const server = await serve({ script: (request, index) => ({ text: `${index}:${String(request.model)}` }) });
    const openai = client(server);
    const first = await openai.chat.completions.create({ model: "a", messages: [] });
    const second = await openai.chat.completions.create({ model: "b", messages: [] });
    expect([first.choices[0]?.message.content, second.choices[0]?.message.content]).toEqual(["0:a", "1:b"]);
  });

  test("an exhausted script answers 500 saying so", async () => {
    const server = await serve({ script: [] });
    const response = await post(server, { model: "m", messages: [] });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("no reply left for request 1");
  });

  test("a hang lasts until the client gives up, and stop() still returns", async () => {
    const server = await serve({ script: [{ kind: "hang" }] });
    const error = await post(server, { model: "m", messages: [] }, { signal: AbortSignal.timeout(100) }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("TimeoutError");
  });

  test("garbage is sent as it is", async () => {
    const server = await serve({ script: [{ kind: "garbage", body: "<html>hi</html>" }] });
    const response = await post(server, { model: "m", messages: [], stream: true });
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toBe("<html>hi</html>");
  });
});
