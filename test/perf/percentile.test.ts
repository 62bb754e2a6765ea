import { describe, expect, test } from "bun:test";
import { percentile } from "../../src/perf/index.ts";

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
