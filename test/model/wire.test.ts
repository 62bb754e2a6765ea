import { describe, expect, test } from "bun:test";
import type { ChatMessage, ToolSpec } from "../../src/model/types.ts";
import { chatRequestJson, createRequestJsonCache, isStreamChunk, modelInfo, modelListSchema, readModelList, streamChunkSchema, toWireMessage } from "../../src/model/wire.ts";

/** Chunks as servers send them: text, reasoning both ways, tool calls (string and object arguments), usage. */
const CHUNKS: unknown[] = [
  { id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { content: "Hello" }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { reasoning: "hm" } }] },
  { choices: [{ index: 0, delta: { reasoning_content: "hm", content: null } }] },
  { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "read_file", arguments: '{"pa' } }] } }] },
  { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: { path: "a.py" } } }] } }] },
  { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
  { choices: [], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } },
  { usage: { prompt_tokens: 1, completion_tokens: 2 } },
  { choices: [{ delta: null, finish_reason: "length" }], usage: null },
];

/** Values put in every position of every chunk above, one at a time. */
const VALUES: unknown[] = [undefined, null, "", "x", 0, -0, 1, 1.5, -3, 2 ** 53, 2 ** 60, Number.POSITIVE_INFINITY, true, {}, [], { a: 1 }, [1], ["x"], [{}]];

/** Every chunk with one field (at any depth) replaced by each value, plus the chunks themselves. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  if (typeof value !== "object" || value === null) return out;
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  const keys = Array.isArray(value) ? entries.map(([key]) => key) : [...entries.map(([key]) => key), "choices", "usage", "delta", "content", "tool_calls", "function", "arguments", "index"];
  for (const key of new Set(keys)) {
    const child = (value as Record<string | number, unknown>)[key];
    const copy = (v: unknown) => {
      const next: Record<string | number, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
      (next as Record<string | number, unknown>)[key] = v;
      return next;
    };
    for (const replacement of VALUES) out.push(copy(replacement));
    if (child !== undefined) for (const deeper of variants(child).slice(1)) out.push(copy(deeper));
  }
  return out;
}

describe("isStreamChunk", () => {
  test("agrees with the zod StreamChunk schema on real chunks and thousands of broken ones", () => {
    const cases = [...CHUNKS.flatMap(variants), null, "chunk", 3, [], [CHUNKS[1]]];
    let accepted = 0;
    for (const value of cases) {
      const expected = streamChunkSchema().safeParse(value).success;
      expect(isStreamChunk(value), JSON.stringify(value)).toBe(expected);
      if (expected) accepted++;
    }
    expect(cases.length).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(cases.length - 500);
  });
});

describe("chatRequestJson", () => {
  const tools: ToolSpec[] = [{ name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } } } }];
  const messages: ChatMessage[] = [
    { role: "system", content: "You are Punie." },
    { role: "user", content: 'read "a.py"' },
    { role: "assistant", content: null, tool_calls: [{ id: "c1", name: "read_file", arguments: "" }] },
    { role: "tool", tool_call_id: "c1", content: "print(1)\n" },
  ];

  test("is the OpenAI request body, the same when built again from its cache", () => {
    const settings = { model: "m", temperature: 0, maxTokens: 4096, useMaxCompletionTokens: false };
    const expected = {
      model: "m",
      messages: messages.map(toWireMessage),
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      max_tokens: 4096,
      tools: [{ type: "function", function: { name: "read_file", description: "Read a file", parameters: tools[0]?.parameters } }],
    };
    expect(JSON.parse(chatRequestJson(messages, tools, settings))).toEqual(expected);
    expect(JSON.parse(chatRequestJson(messages, tools, settings))).toEqual(expected);
    // Empty arguments go out as "{}" (chat templates parse them).
    expect(JSON.parse(chatRequestJson(messages, tools, settings)).messages[2].tool_calls[0].function.arguments).toBe("{}");
  });

  test("through a model's cache, each body is the one built without it, whatever came before", () => {
    const settings = { model: "m", temperature: 0, maxTokens: 4096, useMaxCompletionTokens: false };
    const cache = createRequestJsonCache();
    const [system, user, call, result] = messages as [ChatMessage, ChatMessage, ChatMessage, ChatMessage];
    const other: ChatMessage = { role: "user", content: "another turn" };
    const growing: ChatMessage[] = [system, user];
    const lists: ChatMessage[][] = [
      [system, user],
      [system, user, call, result],
      [system, user, call, result, other],
      // Another conversation, shorter, then one that shares only the first message.
      [system],
      [system, other, call],
      [],
      [user, system],
      [user, system, call],
      growing,
    ];
    const write: ToolSpec = { name: "write_file", description: "Write a file", parameters: { type: "object" } };
    const toolLists: ToolSpec[][] = [tools, [...tools, write], [write], [], tools, [write, ...tools]];
    for (const [index, list] of lists.entries()) {
      const offered = toolLists[index % toolLists.length] as ToolSpec[];
      expect(chatRequestJson(list, offered, settings, cache)).toBe(chatRequestJson(list, offered, settings));
    }
    // The caller's array changing after a request does not fool the next one.
    growing.push(call);
    expect(chatRequestJson(growing, tools, settings, cache)).toBe(chatRequestJson(growing, tools, settings));
    growing.splice(1, 1, other);
    expect(chatRequestJson(growing, tools, settings, cache)).toBe(chatRequestJson(growing, tools, settings));
  });

  test("OpenAI's own API gets max_completion_tokens; no tools means no tools key", () => {
    const body = JSON.parse(chatRequestJson(messages.slice(0, 2), [], { model: "gpt", temperature: 0.2, maxTokens: 100, useMaxCompletionTokens: true }));
    expect(body).toMatchObject({ model: "gpt", temperature: 0.2, max_completion_tokens: 100 });
    expect(body).not.toHaveProperty("max_tokens");
    expect(body).not.toHaveProperty("tools");
  });
});

describe("readModelList", () => {
  test("gives what the zod ModelList schema gives, and fails where it fails", () => {
    const lengths: unknown[] = [undefined, null, 4096, 0, -1, 1.5, 2 ** 53, 2 ** 53 - 1, "4096", Number.NaN, Number.POSITIVE_INFINITY, true, {}, []];
    const metas: unknown[] = [undefined, null, {}, [], "x", { n_ctx_train: 8192 }, { n_ctx_train: -2, other: 1 }, { n_ctx_train: "8192" }];
    const entries: unknown[] = [];
    for (const [i, length] of lengths.entries()) {
      entries.push({ id: `a${i}`, max_model_len: length });
      entries.push({ id: `b${i}`, max_context_length: length, context_length: 1024 });
      entries.push({ id: `c${i}`, context_length: length, meta: metas[i % metas.length], extra: "kept by zod, unread" });
    }
    for (const [i, meta] of metas.entries()) entries.push({ id: `m${i}`, meta }, { id: `n${i}`, max_model_len: 0, meta });
    const lists: unknown[] = [
      { data: entries },
      { data: [] },
      { data: [{ id: "only" }], object: "list" },
      { data: [{ id: 3 }] },
      { data: [{ name: "no id" }] },
      { data: [null] },
      { data: [["id"]] },
      { data: [{ id: "ok" }, "text"] },
      { data: {} },
      { models: [] },
      [],
      null,
      "data",
    ];
    for (const list of lists) {
      const parsed = modelListSchema().safeParse(list);
      expect(readModelList(list), JSON.stringify(list).slice(0, 80)).toStrictEqual(parsed.success ? parsed.data.data.map(modelInfo) : null);
    }
    expect(readModelList({ data: entries })?.filter((model) => model.contextWindow !== null).length).toBeGreaterThan(10);
  });
});
