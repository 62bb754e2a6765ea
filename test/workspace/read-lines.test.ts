import { describe, expect, test } from "bun:test";
import { READ_PAGE_BYTES, pageText } from "../../src/tools/read-file.ts";
import { sliceLines } from "../../src/workspace/local-read.ts";

/** The split-slice-join these shortcuts replace, as it was. */
const splitSlice = (text: string, start: number, limit: number | undefined) =>
  text.split("\n").slice(start - 1, limit === undefined ? undefined : start - 1 + limit).join("\n");

function splitPage(text: string, start: number, limit: number) {
  const lines = text.split("\n");
  let more = lines.length > limit;
  let kept = lines.slice(0, limit);
  let bytes = 0;
  for (let index = 0; index < kept.length; index++) {
    bytes += Buffer.byteLength(kept[index] ?? "") + 1;
    if (bytes > READ_PAGE_BYTES) {
      kept = kept.slice(0, Math.max(index, 1));
      more = true;
      break;
    }
  }
  const nextLine = more ? start + kept.length : null;
  const note = nextLine === null ? "" : `\n\n[Showing lines ${start}-${nextLine - 1}. The file continues: call read_file with line=${nextLine} to read on.]`;
  return { text: kept.join("\n"), note, lines: kept.length, nextLine };
}

let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const PIECES = ["", "a", "def f():", "    return 1", "é", "😀", "\r", " ", "\t"];
function randomText(lines: number): string {
  return Array.from({ length: lines }, () => PIECES[Math.floor(random() * PIECES.length)]).join("\n") + (random() < 0.5 ? "\n" : "");
}

describe("reading a file's lines without splitting it", () => {
  test("sliceLines gives what split, slice and join gave, for any start and limit", () => {
    const texts = ["", "\n", "\n\n", "a", "a\n", "a\nb", "a\nb\n", ...Array.from({ length: 60 }, (_, i) => randomText(i % 12))];
    for (const text of texts) {
      for (const start of [1, 2, 3, 5, 13, 0, -1, 1.5]) {
        for (const limit of [undefined, 1, 2, 3, 7, 2001, 0, -2]) {
          expect(sliceLines(text, start, limit), JSON.stringify({ text, start, limit })).toBe(splitSlice(text, start, limit));
        }
      }
    }
  });

  test("pageText's short-file path gives what splitting gave; long and wide files still page", () => {
    const texts = [...Array.from({ length: 80 }, (_, i) => randomText(i)), "x".repeat(READ_PAGE_BYTES / 3), "é\n".repeat(READ_PAGE_BYTES / 2)];
    for (const text of texts) {
      for (const limit of [1, 2, 5, 40, 2000]) expect(pageText(text, 3, limit), `${text.length} chars, limit ${limit}`).toEqual(splitPage(text, 3, limit));
    }
    expect(pageText("é\n".repeat(READ_PAGE_BYTES / 2), 1, 10 ** 6).nextLine).not.toBeNull();
  });
});
