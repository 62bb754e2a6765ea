import { describe, expect, test } from "bun:test";
import { mapCallResult, mcpToolKind, mcpToolNeedsPermission, mcpToolTitle } from "../../src/mcp/mapping.ts";

describe("mcpToolKind and permission", () => {
  const cases: [string, Parameters<typeof mcpToolKind>[0], string, boolean][] = [
    ["no annotations", undefined, "other", true],
    ["read-only", { readOnlyHint: true }, "read", false],
    ["read-only, open world", { readOnlyHint: true, openWorldHint: true }, "fetch", false],
    ["explicitly destructive", { readOnlyHint: false, destructiveHint: true }, "edit", true],
    ["not destructive, not read-only", { destructiveHint: false }, "other", true],
    ["open world writer", { openWorldHint: true }, "other", true],
  ];
  for (const [label, annotations, kind, asks] of cases) {
    test(label, () => {
      expect(mcpToolKind(annotations)).toBe(kind as ReturnType<typeof mcpToolKind>);
      expect(mcpToolNeedsPermission(annotations)).toBe(asks);
    });
  }
});

describe("mcpToolTitle", () => {
  const cwd = "/home/me/proj";
  const cases: [unknown, string][] = [
    [{}, "jetbrains: get_file_problems"],
    [{ filePath: "/home/me/proj/src/app.py" }, "jetbrains: get_file_problems src/app.py"],
    [{ filePath: "/etc/hosts" }, "jetbrains: get_file_problems /etc/hosts"],
    [{ errorsOnly: true, query: "def main" }, "jetbrains: get_file_problems def main"],
    [{ other: "multi\nline   value" }, "jetbrains: get_file_problems multi line value"],
    [{ text: "a".repeat(100) }, `jetbrains: get_file_problems ${"a".repeat(59)}…`],
    [null, "jetbrains: get_file_problems"],
  ];
  for (const [args, expected] of cases) {
    test(JSON.stringify(args)?.slice(0, 40) ?? "undefined", () => expect(mcpToolTitle("jetbrains", "get_file_problems", args, cwd)).toBe(expected));
  }
});

describe("mapCallResult", () => {
  test("text blocks are joined for the model and shown one by one", () => {
    expect(mapCallResult({ content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] })).toEqual({
      output: "a\nb",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
    });
  });

  test("images, audio and binary resources become short notes; text resources keep their text", () => {
    const result = mapCallResult({
      content: [
        { type: "image", data: "A".repeat(4096), mimeType: "image/png" },
        { type: "audio", data: "AAAA", mimeType: "audio/wav" },
        { type: "resource", resource: { uri: "file:///x.txt", text: "hello" } },
        { type: "resource", resource: { uri: "file:///x.bin", blob: "AAAA", mimeType: "application/octet-stream" } },
        { type: "resource_link", uri: "file:///y", name: "y" },
      ],
    });
    expect(result.output.split("\n")).toEqual([
      "[image image/png, 3 KB — not shown to the model]",
      "[audio audio/wav, 3 bytes — not shown to the model]",
      "[resource file:///x.txt]",
      "hello",
      "[resource file:///x.bin application/octet-stream, 3 bytes — not shown to the model]",
      "[resource link: file:///y (y)]",
    ]);
    expect(result.output).not.toContain("AAAA");
  });

  test("an error result comes back as an error", () => {
    expect(mapCallResult({ content: [{ type: "text", text: "no such file" }], isError: true })).toMatchObject({
      output: "no such file",
      isError: true,
    });
    expect(mapCallResult({ content: [], isError: true }).output).toBe("The tool reported an error without a message.");
  });

  test("structured content is the raw output, and the text when there is no content", () => {
    expect(mapCallResult({ content: [], structuredContent: { n: 1 } })).toMatchObject({ output: '{\n  "n": 1\n}', rawOutput: { n: 1 } });
    expect(mapCallResult({ content: [] }).output).toBe("(no output)");
    expect(mapCallResult({ toolResult: { legacy: true } }).output).toContain('"legacy": true');
  });
});
