import { describe, expect, test } from "bun:test";
import { createContentSplitter } from "../../src/model/content-splitter.ts";

/** Feeds the chunks and joins consecutive pieces of one type, as a user would read them. */
function run(chunks: string[]): { text: string; reasoning: string; held: string } {
  const splitter = createContentSplitter();
  const out = { text: "", reasoning: "" };
  for (const chunk of chunks) for (const piece of splitter.push(chunk)) out[piece.type] += piece.text;
  const end = splitter.end();
  for (const piece of end.pieces) out[piece.type] += piece.text;
  return { ...out, held: end.held };
}

describe("content splitter", () => {
  test("plain text passes straight through, chunk by chunk", () => {
    const splitter = createContentSplitter();
    expect(splitter.push("Hello ")).toEqual([{ type: "text", text: "Hello " }]);
    expect(splitter.push("world")).toEqual([{ type: "text", text: "world" }]);
  });

  test("think tags split across chunks become reasoning", () => {
    expect(run(["<th", "ink>plan", "ning</thi", "nk>\n\nThe answer"])).toEqual({ text: "The answer", reasoning: "planning", held: "" });
  });

  test("a lone </think> (opened by the chat template) ends nothing visible", () => {
    expect(run(["reasoning?</think>", "Answer"]).text).toBe("reasoning?Answer");
  });

  test("tool-call markup is held back even when the tag straddles chunks", () => {
    const splitter = createContentSplitter();
    const shown = [...splitter.push("Let me read it. <tool"), ...splitter.push('_call>{"name":"x"}'), ...splitter.push("</tool_call>")];
    expect(shown).toEqual([{ type: "text", text: "Let me read it. " }]);
    expect(splitter.end().held).toBe('<tool_call>{"name":"x"}</tool_call>');
  });

  test("a '<' that starts no tag is shown once it cannot be one", () => {
    const splitter = createContentSplitter();
    expect(splitter.push("if a <")).toEqual([{ type: "text", text: "if a " }]);
    expect(splitter.push(" b")).toEqual([{ type: "text", text: "< b" }]);
  });

  test("an unclosed think block at the end is reasoning", () => {
    expect(run(["<think>cut off"])).toEqual({ text: "", reasoning: "cut off", held: "" });
  });
});
