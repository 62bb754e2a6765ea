import { describe, expect, test } from "bun:test";
import { exitCodeFor, toolEventLine } from "../../src/ask/render.ts";
import { answerToOption } from "../../src/ask/permission-question.ts";
import { permissionOptions } from "../../src/permissions/policy-gate.ts";

describe("terminal answers to a permission question", () => {
  const options = permissionOptions(["command:git status *"], true);
  const cases: Array<[string, string | null]> = [
    ["y", "allow_once"],
    ["YES", "allow_once"],
    ["n", "reject_once"],
    ["", "reject_once"],
    ["a", "allow_always_session"],
    ["p", "allow_always_project"],
    // The option id itself picks the option.
    ["allow_always_project", "allow_always_project"],
    ["maybe", null],
  ];
  for (const [answer, expected] of cases) test(`"${answer}"`, () => expect(answerToOption(answer, options)).toBe(expected));
  test("'project' is not offered without a database", () => {
    expect(answerToOption("p", permissionOptions(["command:git"], false))).toBeNull();
  });
  test("keys belong to option ids, not positions: without the 'always' options, the keys stay", () => {
    const nothingToRemember = permissionOptions([], true);
    expect(answerToOption("a", nothingToRemember)).toBeNull();
    expect(answerToOption("n", nothingToRemember)).toBe("reject_once");
    const reordered = [...options].reverse();
    expect(answerToOption("p", reordered)).toBe("allow_always_project");
  });
});

describe("what the terminal shows", () => {
  test("a tool call's start and end, with duration and the failure's first line", () => {
    const titles = new Map<string, string>();
    expect(toolEventLine({ type: "tool_call", toolCallId: "1", name: "read_file", kind: "read", title: "Read a.py", locations: [], rawInput: {} }, titles, false)).toBe("▶ Read a.py");
    expect(toolEventLine({ type: "tool_call_update", toolCallId: "1", status: "in_progress" }, titles, false)).toBeNull();
    expect(toolEventLine({ type: "tool_call_update", toolCallId: "1", status: "completed", durationMs: 1500 }, titles, false)).toBe("✔ Read a.py (1.5 s)");
    expect(
      toolEventLine({ type: "tool_call_update", toolCallId: "1", status: "failed", durationMs: 3, content: [{ type: "text", text: "File not found\nmore" }] }, titles, false),
    ).toBe("✘ Read a.py (3 ms): File not found");
  });
  const codes: Array<[string, string | undefined, number]> = [
    ["end_turn", undefined, 0],
    ["end_turn", "server down", 1],
    ["max_tokens", undefined, 3],
    ["max_turn_requests", undefined, 3],
    ["cancelled", undefined, 130],
  ];
  for (const [reason, error, code] of codes) test(`exit ${code} for ${reason}${error ? " with an error" : ""}`, () => expect(exitCodeFor(reason, error)).toBe(code));
});
