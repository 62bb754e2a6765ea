import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { lineRanges, readLineBatches } from "../../src/dataset/lines.ts";
import { tempDir } from "./helpers.ts";

/** What the reader must give: the whole file decoded at once, split on "\n", one "\r" dropped per line. */
function expectedLines(bytes: Uint8Array): string[] {
  const lines = new TextDecoder().decode(bytes).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

async function read(path: string, range?: { start: number; end: number }): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLineBatches(path, range)) {
    // Each batch starts where the one before ended.
    expect(batch.firstLine).toBe(lines.length + 1);
    lines.push(...batch.lines);
  }
  return lines;
}

const BLOCK = 256 * 1024;

describe("streaming line reader", () => {
  test("gives the lines of a one-shot decode across block edges, long lines, CRLF, BOMs and bad UTF-8", async () => {
    const dir = await tempDir();
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [
      encoder.encode("\ufeff{\"first\": \"after a byte order mark\"}\r\n"),
      encoder.encode("\ufeff{\"second\": \"a mark inside the file stays\"}\n\n"),
      Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a, 0x22, 0xe2, 0x82, 0x0a), // a stray byte; a cut-off sequence before "\n"
    ];
    let size = parts.reduce((sum, p) => sum + p.length, 0);
    // Multi-byte characters straddling each of the first block edges.
    for (let edge = BLOCK; edge <= 4 * BLOCK; edge += BLOCK) {
      const filler = "x".repeat(edge - size - 3);
      const part = encoder.encode(`${filler}é😀€\r\n`);
      parts.push(part);
      size += part.length;
    }
    // Short lines that start with a byte order mark, over more than a block: some start a block's text.
    parts.push(encoder.encode(`\ufeff{"n": 1}\n`.repeat(30_000)));
    parts.push(encoder.encode(`${"long ".repeat(120_000)}\n`), encoder.encode(`${"é".repeat(300_000)}\n`), encoder.encode("no newline at the end"));
    const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
    const path = join(dir, "train.jsonl");
    await Bun.write(path, bytes);

    const expected = expectedLines(bytes);
    expect(expected[0]).toStartWith('{"first"');
    expect(expected[1]).toStartWith('\ufeff{"second"');
    expect(await read(path)).toEqual(expected);

    // Byte ranges cut at line ends read back as the same lines, in order.
    const ranges = await lineRanges(path, 3);
    expect(ranges.length).toBe(3);
    const pieces: string[] = [];
    for (const range of ranges) pieces.push(...(await read(path, range)));
    expect(pieces).toEqual(expected);
  });
});
