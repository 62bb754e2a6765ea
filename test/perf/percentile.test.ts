import { describe, expect, test } from "bun:test";
import { parseSince, percentile } from "../../src/perf/index.ts";

describe("percentile", () => {
  const cases: [number[], number, number | null][] = [
    [[], 50, null],
    [[7], 50, 7],
    [[7], 95, 7],
    [[10, 20, 30, 40], 50, 25],
    [[40, 10, 30, 20], 50, 25],
    [[1, 2, 3, 4, 5], 50, 3],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95.05],
    [[1, 2, 3, 1000], 95, 850.45],
    [[5, 1], 0, 1],
    [[5, 1], 100, 5],
    [[1, Number.NaN, 3], 50, 2],
  ];
  for (const [values, p, expected] of cases) {
    test(`p${p} of [${values.join(", ")}] is ${expected}`, () => {
      const result = percentile(values, p);
      if (expected === null) expect(result).toBeNull();
      else expect(result).toBeCloseTo(expected, 6);
    });
  }
});

describe("parseSince", () => {
  const now = Date.parse("2026-03-10T12:00:00Z");
  test.each([
    ["7d", now - 7 * 86_400_000],
    ["24h", now - 86_400_000],
    ["30m", now - 1_800_000],
    ["2w", now - 14 * 86_400_000],
    ["2026-03-01", Date.parse("2026-03-01")],
    ["2026-03-01T08:00:00Z", Date.parse("2026-03-01T08:00:00Z")],
  ])("%s", (text, expected) => {
    expect(parseSince(text, now)).toBe(expected);
  });
  test.each(["", "7", "yesterday", "7y", "2026-13-45"])("refuses %p with a message naming the forms", (text) => {
    expect(() => parseSince(text, now)).toThrow(/24h, 7d/);
  });
});
