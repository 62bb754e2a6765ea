/**
 * The agent's side of the stdio connection as the SDK's message stream, with JSON-RPC hygiene in
 * front of it: an error answer carries the request's id whenever it can be read (the SDK answers
 * unparsable and malformed messages with `id: null`, and echoes a malformed one back as error
 * data), and a message with an id but neither a method nor a result or error gets -32600 (the SDK
 * only logs it, leaving the sender waiting for an answer). Size and depth limits come before this,
 * from the frame guard.
 */
import type { AnyMessage, Stream } from "@agentclientprotocol/sdk";
import { type FrameSplitter, readTopLevelId } from "./frame-guard.ts";

type JsonRpcId = string | number | null;

/** What to do with one parsed incoming message. */
export type MessageCheck = { ok: true } | { ok: false; id: JsonRpcId; code: -32600; reason: string };

/**
 * Checks an incoming message's JSON-RPC shape (pure). `isOwnRequest` tells whether an id is that
 * of a request this side sent and still waits for: a malformed answer to it goes on to the SDK,
 * which fails that request, and is never answered (a reply would look like an answer to one of
 * the client's own requests).
 */
export function checkMessage(message: unknown, isOwnRequest: (id: JsonRpcId) => boolean): MessageCheck {
  // A batch: the SDK answers it (-32600, id null) without running any of it.
  if (Array.isArray(message)) return { ok: true };
  if (typeof message !== "object" || message === null) return invalid(null, "a JSON-RPC message is an object");
  const record = message as Record<string, unknown>;
  const hasId = Object.hasOwn(record, "id");
  const idReadable = hasId && isId(record.id);
  const id = idReadable ? (record.id as JsonRpcId) : null;
  if (record.jsonrpc !== "2.0") return invalid(id, 'jsonrpc must be "2.0"');
  if (hasId && !idReadable) return invalid(null, "id must be a string, a number or null");
  if (Object.hasOwn(record, "method")) {
    return typeof record.method === "string" ? { ok: true } : invalid(id, "method must be a string");
  }
  if (!hasId) return invalid(null, "a message without an id needs a method (a notification)");
  if (Object.hasOwn(record, "result") || Object.hasOwn(record, "error") || isOwnRequest(id)) return { ok: true };
  return invalid(id, "a message with an id needs a method (a request), or a result or an error (a response)");
}

function invalid(id: JsonRpcId, reason: string): MessageCheck {
  return { ok: false, id, code: -32600, reason };
}

function isId(value: unknown): boolean {
  return value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

export type JsonRpcStreamOptions = {
  /** The frame guard the input's bytes pass first (frame-guard.ts), read in the same loop. */
  frames?: FrameSplitter;
  /** Called when the input ended normally (the client closed it), as opposed to a fault. */
  onInputEnd?: () => void;
};

/**
 * Newline-delimited JSON-RPC over `input`/`output` for `app.connect(...)`, in place of
 * `acp.ndJsonStream`. Error answers never echo the input. The input is read in one loop, as the
 * SDK's own stream does, not piped through transform streams: every answer the IDE sends (each
 * `fs/read_text_file` of a tool call) reaches the SDK without their extra turns and copies.
 */
export function jsonRpcStream(output: WritableStream<Uint8Array>, input: ReadableStream<Uint8Array>, options: JsonRpcStreamOptions = {}): Stream {
  const encoder = new TextEncoder();
  // One writer for the connection: the SDK's messages and this stream's own answers share its queue.
  const writer = output.getWriter();
  const write = (message: unknown) => writer.write(encoder.encode(`${JSON.stringify(message)}\n`));
  const answer = (id: JsonRpcId, code: number, message: string) => write({ jsonrpc: "2.0", id, error: { code, message } }).catch(() => {});
  /** Ids of requests sent to the client and not yet answered. */
  const ownRequests = new Set<JsonRpcId>();

  const writable = new WritableStream<AnyMessage>({
    write(message) {
      if ("method" in message && "id" in message) ownRequests.add(message.id as JsonRpcId);
      return write(message);
    },
  });

  const decoder = new TextDecoder();
  let buffer = "";
  const handleLine = (line: string, controller: { enqueue(message: AnyMessage): void }) => {
    if (line.trim() === "") return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      void answer(readTopLevelId(encoder.encode(line)), -32700, "Parse error: the message is not valid JSON");
      return;
    }
    const check = checkMessage(message, (id) => ownRequests.has(id));
    if (!check.ok) {
      void answer(check.id, check.code, `Invalid Request: ${check.reason}`);
      return;
    }
    const record = message as Record<string, unknown>;
    if (!Object.hasOwn(record, "method") && Object.hasOwn(record, "id")) ownRequests.delete(record.id as JsonRpcId);
    controller.enqueue(message as AnyMessage);
  };
  const reader = input.getReader();
  let cancelled = false;
  const readable = new ReadableStream<AnyMessage>({
    async start(controller) {
      const onBytes = (chunk: Uint8Array) => {
        let start = 0;
        let newline = buffer.length;
        buffer += decoder.decode(chunk, { stream: true });
        while ((newline = buffer.indexOf("\n", newline)) !== -1) {
          handleLine(buffer.slice(start, newline), controller);
          start = ++newline;
        }
        buffer = buffer.slice(start);
      };
      const { frames } = options;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done || cancelled) break;
          if (frames) frames.push(value, onBytes);
          else onBytes(value);
        }
        if (cancelled) return;
        frames?.end(onBytes);
        buffer += decoder.decode();
        if (buffer !== "") handleLine(buffer, controller);
        buffer = "";
        options.onInputEnd?.();
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      cancelled = true;
      return reader.cancel(reason);
    },
  });
  return { readable, writable };
}
