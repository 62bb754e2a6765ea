import { describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkRow, quickCheck, rowSound, structureOk } from "../../src/dataset/check.ts";
import { conversationIssues, conversationOk } from "../../src/dataset/conversation.ts";
import type { DatasetMessage, ToolDefinition } from "../../src/dataset/formats.ts";
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

describe("the allocation-free conversation check agrees with the full rules", () => {
  const user = { role: "user", content: "u" };
  const answer = { role: "assistant", content: "a" };
  const call = (id: string, name = "f", args: unknown = "{}") => ({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name, arguments: args } }] });
  const result = (id?: string) => ({ role: "tool", content: "r", ...(id === undefined ? {} : { tool_call_id: id }) });
  const tools = [{ type: "function", function: { name: "f" } }];
  const conversations: unknown[][] = [
    [], [user], [answer], [user, answer], [{ role: "system", content: "s" }, user, answer], [user, { role: "system", content: "s" }, answer],
    [{ role: "system", content: "  " }, user, answer], [{ role: "user", content: "\n\t" }, answer], [user, { role: "assistant", content: " " }],
    [user, { role: "assistant", content: null }], [user, call("a"), result("a"), answer], [user, call("a"), answer], [user, call("a"), result(), answer],
    [user, call("a"), result("b"), answer], [user, call("a"), result("a"), result("a"), answer], [user, call("a", "g"), result("a"), answer],
    [user, call("a", "f", "{bad"), result("a"), answer], [user, call("a", "f", "[1]"), result("a"), answer], [user, call("a", "f", { x: 1 }), result("a"), answer],
    [user, call("a")], [user, call("a"), result("a")], [user, answer, user], [{ role: "user", content: "\u00a0" }, answer],
  ];
  test("on edge cases, with and without a tools list, and on every fixture row", async () => {
    const rows: Record<string, unknown>[] = conversations.flatMap((messages) => [{ messages }, { messages, tools }]);
    for (const file of fixtureFiles(FIXTURES)) {
      for await (const { text } of readLines(file)) {
        const parsed = parseLine(text);
        if (parsed.ok) rows.push(parsed.row);
      }
    }
    let checked = 0;
    for (const row of rows) {
      const format = detectFormat(row);
      if ((format !== "chat" && format !== "tools") || !structureOk(row, format)) continue;
      const messages = row.messages as DatasetMessage[];
      const list = format === "tools" ? (row.tools as ToolDefinition[]) : undefined;
      expect(conversationOk(messages, list), JSON.stringify(row)).toBe(conversationIssues(messages, list).length === 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("the one-pass check of validate's hot loop", () => {
  const user = { role: "user", content: "u" };
  const answer = { role: "assistant", content: "a" };
  const fn = (name = "f", args: unknown = "{}") => ({ name, arguments: args });
  const call = (id: string, extra: Record<string, unknown> = {}) => ({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: fn() }], ...extra });
  const result = { role: "tool", content: "r", tool_call_id: "a" };
  const tool = { type: "function", function: { name: "f" } };
  // Each differs from a sound row in one place the check looks at.
  const conversations: unknown[][] = [
    [user, answer], [{ role: "system", content: "s" }, user, answer], [user, call("a"), result, answer], [user, call("a"), { ...result, name: "f" }, answer],
    [user, call("a"), { ...result, name: 3 }, answer], [user, call("a"), { ...result, content: 1 }, answer], [user, call("a"), { ...result, tool_call_id: 1 }, answer],
    [user, call("a", { content: "thinking" }), result, answer], [user, call("a", { content: 5 }), result, answer], [user, call("a", { content: undefined }), result, answer],
    [user, { role: "assistant", content: "a", tool_calls: [] }], [user, { role: "assistant", content: null, tool_calls: [] }], [user, { role: "assistant", content: 2 }],
    [user, { role: "assistant", content: "a", tool_calls: {} }], [user, { role: "assistant", content: null, tool_calls: [null] }],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "", function: fn() }] }, answer], [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: fn("") }] }, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: fn("f", 3) }] }, { ...result }, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", type: "x", function: fn() }] }, result, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: fn("f", { x: 1 }) }] }, result, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: null }] }, result, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: fn() }, { id: "b", function: fn() }] }, result, { ...result, tool_call_id: "b" }, answer],
    [user, { role: "assistant", content: null, tool_calls: [{ id: "a", function: fn() }, { id: "b", function: fn() }] }, result, answer],
    [{ role: "user", content: 3 }, answer], [{ role: "system", content: 3 }, user, answer], [{ role: "other", content: "o" }, user, answer], [null, user, answer], [[], user, answer],
    [user, answer, { role: "system", content: "s" }, answer], [{ role: "user", content: "" }, answer], [{ role: "user" }, answer],
  ];
  const toolLists: unknown[] = [[tool], [], [tool, { type: "function", function: { name: "g", description: "d", parameters: { type: "object" } } }], [{ type: "x", function: { name: "f" } }], [null], "f"];

  test("is true exactly when the hand-written check finds no problem", async () => {
    const rows: Record<string, unknown>[] = [...extraRows, ...(Object.values(await sampleDataset()).flat() as Record<string, unknown>[])];
    for (const messages of conversations) {
      rows.push({ messages }, ...toolLists.map((tools) => ({ messages, tools })));
    }
    rows.push({ messages: "no" }, { messages: [] }, { prompt: "p", completion: " " }, { prompt: "p", completion: "c" }, { text: "t" }, { text: "\n" });
    for (const file of fixtureFiles(FIXTURES)) {
      for await (const { text } of readLines(file)) {
        const parsed = parseLine(text);
        if (parsed.ok) rows.push(parsed.row);
      }
    }
    let sound = 0;
    let unsound = 0;
    for (const row of rows) {
      const format = detectFormat(row);
      if (!format) continue;
      const expected = quickCheck(row, format)?.length === 0;
      expect(rowSound(row, format), JSON.stringify(row)).toBe(expected);
      if (expected) sound++;
      else unsound++;
    }
    expect(sound).toBeGreaterThan(40);
    expect(unsound).toBeGreaterThan(60);
  });
});
