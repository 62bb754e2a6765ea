import { describe, expect, test } from "bun:test";
import { MAX_TOOL_NAME_LENGTH, mcpToolName, sanitizeNamePart, uniqueServerNames } from "../../src/mcp/naming.ts";

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe("mcpToolName", () => {
  const cases: [string, string, string | RegExp][] = [
    ["jetbrains", "get_file_problems", "mcp__jetbrains__get_file_problems"],
    ["my server", "read.file", "mcp__my_server__read_file"],
    ["café", "résumé", "mcp__cafe__resume"],
    ["日本語", "ツール", /^mcp__x__x$/],
    ["srv", "a-b_c", "mcp__srv__a-b_c"],
    ["srv", "tool/with:odd chars!", "mcp__srv__tool_with_odd_chars_"],
    ["srv", "x".repeat(100), /^mcp__srv__x+_[0-9a-f]{6}$/],
    ["s".repeat(100), "tool", /^mcp__s+_[0-9a-f]{6}$/],
  ];
  for (const [server, tool, expected] of cases) {
    test(`${JSON.stringify(server)} / ${JSON.stringify(tool.slice(0, 20))}`, () => {
      const name = mcpToolName(server, tool);
      expect(name).toMatch(VALID);
      if (typeof expected === "string") expect(name).toBe(expected);
      else expect(name).toMatch(expected);
    });
  }

  test("long names are exactly 64 characters and stable", () => {
    const name = mcpToolName("srv", "y".repeat(100));
    expect(name.length).toBe(MAX_TOOL_NAME_LENGTH);
    expect(mcpToolName("srv", "y".repeat(100))).toBe(name);
  });

  test("long names that differ only after the cut stay distinct", () => {
    const first = mcpToolName("srv", `${"z".repeat(80)}_one`);
    const second = mcpToolName("srv", `${"z".repeat(80)}_two`);
    expect(first).not.toBe(second);
  });

  test("a collision gets a hash suffix instead of overwriting the other tool", () => {
    const taken = new Set([mcpToolName("my server", "read.file")]);
    const second = mcpToolName("my_server", "read_file", taken);
    expect(second).toMatch(VALID);
    expect(second).not.toBe("mcp__my_server__read_file");
    expect(second).toMatch(/^mcp__my_server__read_file_[0-9a-f]{6}$/);
    // Same inputs, same answer.
    expect(mcpToolName("my_server", "read_file", taken)).toBe(second);
  });

  test("even a taken hashed name finds a free one", () => {
    const taken = new Set<string>();
    for (let index = 0; index < 5; index++) {
      const name = mcpToolName("s", "t", taken);
      expect(taken.has(name)).toBe(false);
      expect(name).toMatch(VALID);
      taken.add(name);
    }
    expect(taken.size).toBe(5);
  });
});

test("sanitizeNamePart never returns an empty part", () => {
  expect(sanitizeNamePart("")).toBe("x");
  expect(sanitizeNamePart("   ")).toBe("x");
  expect(sanitizeNamePart("a b")).toBe("a_b");
});

test("duplicate server names are numbered", () => {
  expect(uniqueServerNames(["jetbrains", "jetbrains", "", "other", "jetbrains"])).toEqual([
    "jetbrains",
    "jetbrains-2",
    "server",
    "other",
    "jetbrains-3",
  ]);
});
