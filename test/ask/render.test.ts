import { describe, expect, test } from "bun:test";
import { exitCodeFor, toolEventLine } from "../../src/ask/render.ts";
import { answersByKey, answerToOption, keyAnswer, permissionQuestion } from "../../src/ask/permission-question.ts";
import { spinnerLine } from "../../src/ask/spinner.ts";
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

describe("one key answers a permission question on a terminal", () => {
  const options = permissionOptions(["command:git status *"], true);
  const cases: Array<[string, string, ReturnType<typeof keyAnswer>]> = [
    ["y", "y", { kind: "selected", optionId: "allow_once", key: "y" }],
    ["Y (caps lock)", "Y", { kind: "selected", optionId: "allow_once", key: "y" }],
    ["p", "p", { kind: "selected", optionId: "allow_always_project", key: "p" }],
    ["n", "n", { kind: "selected", optionId: "reject_once", key: "n" }],
    ["a paste: its first key", "yes", { kind: "selected", optionId: "allow_once", key: "y" }],
    ["Enter answers nothing (an Enter out of habit must not answer the next question)", "\r", { kind: "ignored" }],
    ["Enter, then a key", "\ra", { kind: "selected", optionId: "allow_always_session", key: "a" }],
    ["an arrow key is skipped whole", "\x1b[A", { kind: "ignored" }],
    ["an arrow, then a key", "\x1b[Dn", { kind: "selected", optionId: "reject_once", key: "n" }],
    ["Ctrl-C", "\x03", { kind: "interrupt" }],
    ["a key that picks nothing", "x", { kind: "unknown", key: "x" }],
    ["a digit when every option has a letter", "1", { kind: "unknown", key: "1" }],
  ];
  for (const [name, keys, expected] of cases) test(name, () => expect(keyAnswer(keys, options)).toEqual(expected));
  test("options of another gate are picked by their digit", () => {
    const other = [
      { optionId: "go", name: "Go", kind: "allow_once" as const },
      { optionId: "stop", name: "Stop", kind: "reject_once" as const },
    ];
    expect(keyAnswer("2", other)).toEqual({ kind: "selected", optionId: "stop", key: "2" });
    expect(answersByKey(other)).toBe(true);
    // Ten such options: "10" takes two keys, so the question reads a line.
    const ten = Array.from({ length: 10 }, (_, i) => ({ optionId: `o${i}`, name: `O${i}`, kind: "allow_once" as const }));
    expect(answersByKey(ten)).toBe(false);
  });
  test("the prompt of a one-key question says nothing of Enter", () => {
    const text = permissionQuestion({ toolCallId: "c", title: "Run ls", action: "execute", options, command: "ls" }, { color: false, cwd: "/p", singleKey: true });
    expect(text.split("\n").at(-1)).toBe("Answer (y/a/p/n): ");
  });
});

describe("what the terminal shows", () => {
  test("a tool call's start and end, with duration and the failure's first line", () => {
    const titles = new Map<string, string>();
    expect(toolEventLine({ type: "tool_call", toolCallId: "1", name: "read_file", kind: "read", title: "Read a.py", locations: [], rawInput: {} }, titles, false)).toBe("▶ Read a.py");
    expect(toolEventLine({ type: "tool_call_update", toolCallId: "1", status: "in_progress" }, titles, false)).toBeNull();
    expect(toolEventLine({ type: "tool_call_update", toolCallId: "1", status: "completed", durationMs: 1500 }, titles, false)).toBe("✔ Read a.py (1.50 s)");
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

describe("the permission question", () => {
  const options = permissionOptions(["command:git status *"], true);
  test("a command: its full line and the gate's option names with their keys", () => {
    const text = permissionQuestion({ toolCallId: "c", title: "Run git status --short", action: "execute", options, command: "git status --short" }, { color: false, cwd: "/p" });
    expect(text.split("\n")).toEqual([
      "? Allow Punie to run git status --short?",
      "  $ git status --short",
      "  [y] Allow once",
      "  [a] Always allow `git status *` for this session",
      "  [p] Always allow `git status *` in this project",
      "  [n] Reject",
      "Answer (y/a/p/n; Enter rejects): ",
    ]);
  });
  test("an edit: the diff, path relative to the project; coloured only when asked", () => {
    const request = {
      toolCallId: "w",
      title: "Write notes.md",
      action: "edit" as const,
      options: permissionOptions(["tool:write_file"], false),
      content: [{ type: "diff" as const, path: "/p/notes.md", oldText: "a\n", newText: "b\n" }],
    };
    const plain = permissionQuestion(request, { color: false, cwd: "/p" });
    expect(plain).toContain("  --- a/notes.md\n  +++ b/notes.md\n  @@ -1,1 +1,1 @@\n  -a\n  +b");
    expect(plain).not.toContain("\x1b[");
    expect(permissionQuestion(request, { color: true, cwd: "/p" })).toContain("\x1b[32m+b\x1b[0m");
  });
});

describe("the spinner line", () => {
  test("label, seconds and the output tail, cut to the terminal's width", () => {
    expect(spinnerLine(0, "Waiting for the model…", 3, "", 80, false)).toBe("⠋ Waiting for the model… 3s");
    expect(spinnerLine(1, "Run pytest", 12, "\x1b[31mtests/test_a.py::test_x FAILED\r\n", 80, false)).toBe("⠙ Run pytest 12s │ tests/test_a.py::test_x FAILED");
    const narrow = spinnerLine(0, "Run a very long command line that goes on and on", 1, "some output that is long too", 40, false);
    expect(narrow.length).toBeLessThanOrEqual(39);
  });
});
