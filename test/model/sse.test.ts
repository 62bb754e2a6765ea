import { describe, expect, test } from "bun:test";
import { readSse, type SseEvent } from "../../src/model/sse.ts";

/** All events of a body sent in the given network reads. */
async function events(reads: string[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const read of reads) controller.enqueue(encoder.encode(read));
      controller.close();
    },
  });
  const sse = readSse(body);
  const out: SseEvent[] = [];
  for (let batch = await sse.next(); batch !== null; batch = await sse.next()) out.push(...batch);
  return out;
}

describe("server-sent events as the OpenAI client reads them", () => {
  test("one data line per event, comments and unknown fields skipped", async () => {
    expect(await events([": keepalive\n\ndata: {\"a\":1}\nid: 7\n\ndata:{\"b\":2}\n\n"])).toEqual([
      { event: null, data: '{"a":1}' },
      { event: null, data: '{"b":2}' },
    ]);
  });

  test("several data lines are joined with newlines; an event field alone is an event with empty data", async () => {
    expect(await events(["event: error\ndata: one\ndata:\ndata: three\n\nevent: ping\n\n"])).toEqual([
      { event: "error", data: "one\n\nthree" },
      { event: "ping", data: "" },
    ]);
  });

  test("lines split across reads, CRLF and CR endings, a body without a final blank line", async () => {
    expect(await events(["da", "ta: x\r", "\n\r\ndata: y\r\rdata: z"])).toEqual([
      { event: null, data: "x" },
      { event: null, data: "y" },
      { event: null, data: "z" },
    ]);
  });
});
