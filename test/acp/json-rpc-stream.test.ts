import { describe, expect, test } from "bun:test";
import { frameSplitter } from "../../src/acp/frame-guard.ts";
import { checkMessage, jsonRpcStream } from "../../src/acp/json-rpc-stream.ts";

const noOwnRequests = () => false;

describe("JSON-RPC message checks", () => {
  test.each([
    ["a request", { jsonrpc: "2.0", id: 1, method: "initialize", params: {} }, { ok: true }],
    ["a notification", { jsonrpc: "2.0", method: "session/cancel", params: {} }, { ok: true }],
    ["a response", { jsonrpc: "2.0", id: 3, result: {} }, { ok: true }],
    ["an error response", { jsonrpc: "2.0", id: 3, error: { code: 1, message: "x" } }, { ok: true }],
    ["a batch (the SDK refuses it)", [{ jsonrpc: "2.0", id: 1, method: "x" }], { ok: true }],
    ["an id with neither method nor result", { jsonrpc: "2.0", id: 7 }, { ok: false, id: 7, code: -32600 }],
    ["a method that is not a string", { jsonrpc: "2.0", id: "a", method: 42 }, { ok: false, id: "a", code: -32600 }],
    ["a wrong jsonrpc version", { jsonrpc: "1.0", id: 9, method: "x" }, { ok: false, id: 9, code: -32600 }],
    ["an id that is an object", { jsonrpc: "2.0", id: { n: 1 }, method: "x" }, { ok: false, id: null, code: -32600 }],
    ["neither id nor method", { jsonrpc: "2.0", result: 1 }, { ok: false, id: null, code: -32600 }],
    ["not an object", 5, { ok: false, id: null, code: -32600 }],
  ])("%s", (_name, message, expected) => {
    expect(checkMessage(message, noOwnRequests)).toMatchObject(expected);
  });

  test("a malformed answer to one of the agent's own requests goes on to the SDK (it fails that request)", () => {
    expect(checkMessage({ jsonrpc: "2.0", id: 0 }, (id) => id === 0)).toEqual({ ok: true });
  });
});

describe("the JSON-RPC stream", () => {
  test("errors carry readable ids and echo nothing; good messages pass in order; own requests are tracked", async () => {
    const written: string[] = [];
    const output = new WritableStream<Uint8Array>({ write: (chunk) => void written.push(new TextDecoder().decode(chunk)) });
    const lines = [
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}',
      '{"jsonrpc":"2.0","id":"b","method":"session/prompt","params":{"secret":',
      '{"jsonrpc":"2.0","id":0}',
      '{"jsonrpc":"2.0","id":2}',
      "",
      '{"jsonrpc":"2.0","method":"session/cancel","params":{}}',
    ];
    const text = `${lines.join("\n")}\n`;
    const input = new ReadableStream<Uint8Array>({
      start(controller) {
        // Split mid-line and mid-character: lines are whole again on the other side.
        const bytes = new TextEncoder().encode(text);
        controller.enqueue(bytes.subarray(0, 30));
        controller.enqueue(bytes.subarray(30));
        controller.close();
      },
    });
    const stream = jsonRpcStream(output, input);
    // The agent asked the client something with id 0: a malformed answer to it is not answered.
    const writer = stream.writable.getWriter();
    await writer.write({ jsonrpc: "2.0", id: 0, method: "fs/read_text_file", params: {} });
    writer.releaseLock();
    const received: unknown[] = [];
    for await (const message of stream.readable) received.push(message);
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, method: "initialize", params: {} },
      { jsonrpc: "2.0", id: 0 },
      { jsonrpc: "2.0", method: "session/cancel", params: {} },
    ]);
    await Bun.sleep(0);
    const answers = written.slice(1).map((line) => JSON.parse(line) as { id: unknown; error: { code: number } });
    expect(answers.map((answer) => [answer.id, answer.error.code])).toEqual([
      ["b", -32700],
      [2, -32600],
    ]);
    expect(written.join("")).not.toContain("secret");
  });

  test("with the frame guard in its read loop: lines split across chunks pass whole, a refused one is answered by the guard, the end is told", async () => {
    const replies: string[] = [];
    let ends = 0;
    const input = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(
          `{"jsonrpc":"2.0","id":1,"method":"a","params":{}}\n{"jsonrpc":"2.0","id":2,"method":"b","params":${"[".repeat(6)}${"]".repeat(6)}}\n{"jsonrpc":"2.0","method":"c","params":{}}`,
        );
        controller.enqueue(bytes.subarray(0, 20));
        controller.enqueue(bytes.subarray(20, 70));
        controller.enqueue(bytes.subarray(70));
        controller.close();
      },
    });
    const stream = jsonRpcStream(new WritableStream<Uint8Array>(), input, {
      frames: frameSplitter({ reply: (line) => replies.push(line), maxDepth: 4 }),
      onInputEnd: () => ends++,
    });
    const received: unknown[] = [];
    for await (const message of stream.readable) received.push(message);
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, method: "a", params: {} },
      { jsonrpc: "2.0", method: "c", params: {} },
    ]);
    expect(replies.map((line) => JSON.parse(line) as { id: unknown; error: { code: number } }).map((r) => [r.id, r.error.code])).toEqual([[2, -32600]]);
    expect(ends).toBe(1);
  });
});
