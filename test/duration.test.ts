import { describe, expect, test } from "bun:test";
import { parseSince, parseSpan } from "../src/duration.ts";
import { formatMs } from "../src/format.ts";

describe("parseSince: the one --since parser", () => {
  const now = Date.parse("2026-03-10T12:00:00Z");
  test.each([
    ["30m", now - 1_800_000],
    ["24h", now - 86_400_000],
    ["1.5h", now - 5_400_000],
    ["7d", now - 7 * 86_400_000],
    ["2w", now - 14 * 86_400_000],
    [" 7d ", now - 7 * 86_400_000],
    ["2026-03-01", Date.parse("2026-03-01T00:00:00Z")],
    ["2026-03-01T08:00:00Z", Date.parse("2026-03-01T08:00:00Z")],
    ["2026-03-01T08:00+02:00", Date.parse("2026-03-01T06:00:00Z")],
  ])("%p", (text, expected) => {
    expect(parseSince(text, now)).toBe(expected);
  });
  test.each(["", "5", "2001", "7", "yesterday", "7y", "7 days", "-7d", "2026-13-45", "2026-02-30", "03/01/2026", "1.5"])(
    "refuses %p with one line naming the accepted forms",
    (text) => {
      expect(() => parseSince(text, now)).toThrow(/^--since .*: expected a span like 30m, 24h, 7d, 2w, 1\.5h or a date like 2026-01-31$/);
    },
  );
  test("spans alone", () => {
    expect(parseSpan("90m")).toBe(5_400_000);
    expect(parseSpan("5")).toBeNull();
  });
});

describe("formatMs: the one duration formatter", () => {
  test.each([
    [null, "–"],
    [0, "0 ms"],
    [0.5, "0.50 ms"],
    [250, "250 ms"],
    [1500, "1.50 s"],
    [12_340, "12.3 s"],
    [125_000, "2 min 5 s"],
  ])("%p → %p", (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
