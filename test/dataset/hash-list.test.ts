import { describe, expect, test } from "bun:test";
import { countDuplicates, createHashList } from "../../src/dataset/hash-list.ts";

describe("row hash list", () => {
  test("counts every hash an earlier one had, within and across lists", () => {
    expect(countDuplicates([BigUint64Array.of(1n, 2n, 1n, 1n)])).toBe(2);
    expect(countDuplicates([BigUint64Array.of(5n, 6n), BigUint64Array.of(6n, 7n, 5n), new BigUint64Array(0)])).toBe(2);
    expect(countDuplicates([])).toBe(0);
  });

  test("compares all 64 bits: equal low or high halves alone are not duplicates", () => {
    const high = 1n << 32n;
    expect(countDuplicates([BigUint64Array.of(high + 1n, 1n, high, 2n * high + 1n)])).toBe(0);
    expect(countDuplicates([BigUint64Array.of(high + 1n, 3n), BigUint64Array.of(high + 1n)])).toBe(1);
  });

  test("keeps every hash of the texts added, past its first size", () => {
    const list = createHashList(4);
    for (let i = 0; i < 1000; i++) list.addText(`row ${i % 300}`);
    expect(list.hashes().length).toBe(1000);
    expect(list.hashes()[0]).toBe(Bun.hash("row 0") as bigint);
    expect(countDuplicates([list.hashes()])).toBe(700);
  });
});
