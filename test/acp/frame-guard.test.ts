import { describe, expect, test } from "bun:test";
import { type FrameGuardOptions, frameSplitter, nestingExceeds, readTopLevelId } from "../../src/acp/frame-guard.ts";

/** The splitter as a byte stream (what json-rpc-stream.ts reads it as, in its own loop). */
function guardFrames(input: ReadableStream<Uint8Array>, options: FrameGuardOptions) {
  const frames = frameSplitter(options);
  let ended = false;
  const readable = input.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        frames.push(chunk, (line) => controller.enqueue(line));
      },
      flush(controller) {
        frames.end((line) => controller.enqueue(line));
        ended = true;
      },
    }),
  );
  return {
    readable,
    get ended() {
      return ended;
    },
  };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("frame guard", () => {
  test.each([
    ['{"jsonrpc":"2.0","id":7,"method":"x"}', 7],
    ['{"method":"x","params":{"id":9},"id":"abc"}', "abc"],
    ['{"method":"x","params":{"id":9}}', null],
    ['{"s":"\\"id\\":1","id":-3}', -3],
    ['{"method":"x","params":[[[', null],
  ])("the id of %s is %p", (text, id) => {
    expect(readTopLevelId(bytes(text))).toEqual(id);
  });

  test("nesting is counted outside strings only", () => {
    expect(nestingExceeds(bytes(`{"a":"${"[".repeat(300)}"}`), 256)).toBe(false);
    expect(nestingExceeds(bytes(`${"[".repeat(257)}${"]".repeat(257)}`), 256)).toBe(true);
    expect(nestingExceeds(bytes(`${"[".repeat(256)}${"]".repeat(256)}`), 256)).toBe(false);
  });

  test("nesting is judged the same with or without counting the brackets first", () => {
    // The byte-by-byte scan nestingExceeds makes when a line has enough brackets to go deep.
    const scan = (text: string, max: number) => {
      let depth = 0;
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
          if (c === "\\") i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{" || c === "[") {
          if (++depth > max) return true;
        } else if (c === "}" || c === "]") depth--;
      }
      return false;
    };
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['{', '}', '[', ']', '"', "\\", "a", ":", ","];
    let deep = 0;
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join("");
      const max = random(6);
      const expected = scan(text, max);
      if (expected) deep++;
      expect(nestingExceeds(bytes(text), max), `${text} (max ${max})`).toBe(expected);
    }
    expect(deep).toBeGreaterThan(100);
  });

  test("lines split across chunks pass whole; an oversized one is answered and skipped", async () => {
    const replies: string[] = [];
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('{"id":1,"me'));
        controller.enqueue(bytes('thod":"a"}\n{"id":2,"pad":"'));
        controller.enqueue(bytes("x".repeat(100)));
        controller.enqueue(bytes('"}\n{"id":3}\n'));
        controller.close();
      },
    });
    const guard = guardFrames(source, { reply: (line) => replies.push(line), maxBytes: 50 });
    const out = await new Response(guard.readable).text();
    expect(out).toBe('{"id":1,"method":"a"}\n{"id":3}\n');
    expect(replies).toHaveLength(1);
    expect(JSON.parse(replies[0] as string)).toMatchObject({ id: 2, error: { code: -32600 } });
    expect(replies[0]).not.toContain("xxx");
    expect(guard.ended).toBe(true);
  });
});
