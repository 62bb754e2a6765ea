import { describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkRow, quickCheck, structureOk } from "../../src/dataset/check.ts";
import { detectFormat, formatSchemas, rowProblems } from "../../src/dataset/formats.ts";
import { readLines } from "../../src/dataset/lines.ts";
import { parseLine } from "../../src/dataset/rows.ts";
import { sampleDataset } from "../../src/dataset/sample.ts";
import { FIXTURES } from "./helpers.ts";

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureFiles(path) : path.endsWith(".jsonl") ? [path] : [];
  });
}

// Rows with shapes the fixtures do not have, to exercise each branch of the hand-written check.
const extraRows: Record<string, unknown>[] = [
  { messages: [{ role: "user", content: 1 }] },
  { messages: [{ role: "assistant", content: "x", tool_calls: "no" }] },
  { messages: [{ role: "assistant", content: "x", tool_calls: [{ id: "a", type: "other", function: { name: "f", arguments: "{}" } }] }], tools: [] },
  { messages: [{ role: "assistant", content: "x", tool_calls: [{ id: "a", function: { name: "f", arguments: [1] } }] }], tools: [] },
  { messages: [{ role: "assistant", content: "x", tool_calls: [{ id: "a", function: { name: "f", arguments: { a: 1 } } }] }], tools: [] },
  { messages: [{ role: "user", content: "u" }, { role: "assistant", content: "a" }], tools: [{ type: "function", function: { name: "" } }] },
  { messages: [{ role: "user", content: "u" }, { role: "assistant", content: "a" }], tools: [{ type: "function", function: { name: "f", parameters: [] } }] },
  { messages: [{ role: "user", content: "u" }, { role: "assistant", content: "a" }], tools: [{ type: "function", function: { name: "f", description: 3 } }] },
  { messages: [{ role: "tool", content: "r", tool_call_id: 5 }] },
  { messages: [] },
  { prompt: 1, completion: "c" },
  { text: 3 },
];

describe("the hot-loop check agrees with zod", () => {
  test("on every fixture row, sample row and edge case", async () => {
    const rows: Record<string, unknown>[] = [...extraRows, ...Object.values(await sampleDataset()).flat() as Record<string, unknown>[]];
    for (const file of fixtureFiles(FIXTURES)) {
      for await (const { text } of readLines(file)) {
        const parsed = parseLine(text);
        if (parsed.ok) rows.push(parsed.row);
      }
    }
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const format = detectFormat(row);
      if (!format) continue;
      expect(structureOk(row, format) || !formatSchemas[format].safeParse(row).success, JSON.stringify(row)).toBe(true);
      expect(await checkRow(row, format), JSON.stringify(row)).toEqual(rowProblems(row, format));
      const quick = quickCheck(row, format);
      if (quick) expect(quick).toEqual(rowProblems(row, format));
    }
  });
});
