import { describe, expect, test } from "bun:test";
import { argMatches, matchToolCalls, normalizeWorkspacePath, type ObservedToolCall } from "../../src/eval/matchers.ts";
import { scorePrompt, stdev } from "../../src/eval/score.ts";
import type { Expectations } from "../../src/eval/suite-schema.ts";

const ROOT = "/tmp/punie-eval-x/fix-1/work";
const weights = { tools: 1, keywords: 1, check: 1 };
const call = (name: string, args: Record<string, unknown>, format: "structured" | "text" = "structured"): ObservedToolCall => ({ name, arguments: args, format });

describe("argument matchers", () => {
  test.each([
    ["path", "calc.py", "calc.py", true],
    ["path", "calc.py", "./calc.py", true],
    ["path", "calc.py", `${ROOT}/calc.py`, true],
    ["path", "./src/", "src", true],
    ["path", "calc.py", "other/calc.py", false],
    ["path", "calc.py", "/elsewhere/calc.py", false],
    ["command", "pytest", "pytest -q", false],
    ["command", { contains: "unittest" }, "python3 -m unittest -q", true],
    ["command", { contains: "unittest" }, "pytest", false],
    ["command", { regex: "^rm\\b" }, "rm -rf build", true],
    ["command", { regex: "^rm\\b" }, "echo rm", false],
    ["path", { contains: "./calc" }, `${ROOT}/calc.py`, true],
    ["path", { regex: "^app/" }, `${ROOT}/app/web/routes.py`, true],
    ["background", true, true, true],
    ["background", true, undefined, false],
    ["line", 10, "10", true],
    ["line", 10, 11, false],
  ] as const)("%s %j vs %j → %p", (key, matcher, actual, expected) => {
    expect(argMatches(key, matcher, actual, ROOT)).toBe(expected);
  });

  test("paths normalise to the copy's root", () => {
    expect(normalizeWorkspacePath(ROOT, ROOT)).toBe(".");
    expect(normalizeWorkspacePath("./a/../b/c.py", ROOT)).toBe("b/c.py");
  });
});

describe("tool matching", () => {
  test("each actual call matches at most once, and order never costs a match", () => {
    const expected = [{ name: "edit_file" }, { name: "edit_file", args: { path: "calc.py" } }];
    // Greedy matching would give the first expectation the only calc.py edit and score 1/2.
    expect(matchToolCalls(expected, [call("edit_file", { path: "calc.py" }), call("edit_file", { path: "test_calc.py" })], ROOT)).toEqual([1, 0]);
    expect(matchToolCalls(expected, [call("edit_file", { path: "calc.py" })], ROOT).filter((index) => index >= 0)).toHaveLength(1);
  });
});

describe("scorePrompt", () => {
  const expect_: Expectations = { tools: [{ name: "edit_file", args: { path: "calc.py" } }, { name: "run_command" }], keywords: ["divide", "Zero"], check: "true" };
  const good = { calls: [call("edit_file", { path: "./calc.py" }), call("run_command", { command: "pytest" }, "text")], answer: "Fixed DIVIDE by zero.", checkExitCode: 0 };

  test("a run that does the job scores 1 on every part", () => {
    const score = scorePrompt({ expect: expect_, weights, root: ROOT, ...good });
    expect(score.parts).toEqual({ tools: 1, keywords: 1, check: 1 });
    expect(score.score).toBe(1);
  });

  test.each([
    ["tools", { calls: [call("read_file", { path: "calc.py" })] }, { tools: 0 }],
    ["tools (wrong argument)", { calls: [call("edit_file", { path: "other.py" }), call("run_command", {})] }, { tools: 0.5 }],
    ["keywords", { answer: "I could not do it." }, { keywords: 0 }],
    ["check", { checkExitCode: 1 }, { check: 0 }],
    ["check (did not finish)", { checkExitCode: null }, { check: 0 }],
  ] as const)("a run that fails on %s scores low there", (_part, change, parts) => {
    const score = scorePrompt({ expect: expect_, weights, root: ROOT, ...good, ...change });
    expect(score.parts).toMatchObject(parts);
    expect(score.score).toBeLessThan(1);
  });

  test("the score is the weighted mean of the parts present", () => {
    const score = scorePrompt({ expect: { keywords: ["a", "b"], check: "x" }, weights: { tools: 5, keywords: 1, check: 3 }, calls: [], answer: "a", checkExitCode: 0, root: ROOT });
    expect(score.parts).toEqual({ keywords: 0.5, check: 1 });
    expect(score.score).toBeCloseTo((0.5 * 1 + 1 * 3) / 4);
  });

  test("standard deviation of repeated scores", () => {
    expect(stdev([1, 0])).toBe(0.5);
    expect(stdev([0.5])).toBe(0);
  });
});
