import { describe, expect, test } from "bun:test";
import { parseNumberList, splitList } from "../../src/cli/lists.ts";
import { UsageError } from "../../src/cli/strict.ts";

describe("comma-separated flag values", () => {
  test("items are trimmed; empty ones stay for the caller", () => {
    expect(splitList("mac1.local, mac2.local")).toEqual(["mac1.local", "mac2.local"]);
    expect(splitList("a,,b,")).toEqual(["a", "", "b", ""]);
  });
  const cases: Array<[string, string | number | undefined, boolean, number[] | undefined | "refused"]> = [
    ["absent", undefined, false, undefined],
    ["numbers with spaces", "0, 0.3", false, [0, 0.3]],
    ["exponents", "1e-5,5e-5", true, [1e-5, 5e-5]],
    ["one number from a YAML file", 8, true, [8]],
    ["an empty item", "0,,1", false, "refused"],
    ["a trailing comma", "8,", true, "refused"],
    ["nothing", "", false, "refused"],
    ["a word", "0,hot", false, "refused"],
    ["zero where positive numbers go", "0,8", true, "refused"],
  ];
  for (const [name, value, positive, expected] of cases) {
    test(name, () => {
      const parse = () => parseNumberList(value, "ranks", { positive, example: "8,16" });
      if (expected === "refused") expect(parse).toThrow(UsageError);
      else expect(parse()).toEqual(expected);
    });
  }
  test("the message names the flag, the kind of numbers and an example", () => {
    expect(() => parseNumberList("8,,16", "ranks", { positive: true, example: "8,16" })).toThrow('--ranks takes positive numbers separated by commas (e.g. 8,16), not "8,,16".');
  });
});
