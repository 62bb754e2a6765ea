import { describe, expect, test } from "bun:test";
import {
  argsGlobMatches,
  type CommandRule,
  commandRuleMatches,
  describeRule,
  pathRuleMatches,
  ruleSchema,
  toolRuleMatches,
} from "../../src/permissions/rules.ts";

const ROOT = "/work/project";
const at = (rel: string) => `${ROOT}/${rel}`;

describe("path rules", () => {
  const cases: [string, string, "allow" | "deny", boolean][] = [
    ["**/.env", ".env", "deny", true],
    ["**/.env", "services/api/.env", "deny", true],
    ["**/.env", "services/.env.example", "deny", false],
    [".env*", ".env.local", "deny", true],
    ["secrets/**", "secrets/prod/key.pem", "deny", true],
    ["secrets", "secrets/prod/key.pem", "deny", true],
    [".git", ".git/config", "deny", true],
    ["**/.git/**", "vendor/lib/.git/HEAD", "deny", true],
    ["src/*.ts", "src/app.ts", "allow", true],
    ["src/*.ts", "src/deep/app.ts", "allow", false],
    ["src/**/*.ts", "src/deep/er/app.ts", "allow", true],
    ["**/*.md", "README.md", "allow", true],
    ["**/*.md", "docs/.hidden/notes.md", "allow", true],
    ["{docs,examples}/**", "examples/a.py", "allow", true],
    ["docs/**", "src/docs.ts", "allow", false],
    // Deny ignores case (a case-insensitive disk); allow does not.
    ["**/.env", "API/.ENV", "deny", true],
    ["src/**", "SRC/app.ts", "allow", false],
    // Absolute globs match absolute paths.
    ["/work/project/build/**", "build/out.js", "deny", true],
    ["/etc/**", "etc/passwd", "deny", false],
  ];
  test.each(cases)("%p vs %p (%s) → %p", (glob, rel, side, expected) => {
    expect(pathRuleMatches({ path: glob }, at(rel), [ROOT], side)).toBe(expected);
  });

  test("a relative glob never matches a path outside every root", () => {
    expect(pathRuleMatches({ path: "**" }, "/elsewhere/file", [ROOT], "deny")).toBe(false);
    expect(pathRuleMatches({ path: "**" }, "/work/project-other/file", [ROOT], "deny")).toBe(false);
  });

  test("with several roots, a glob applies relative to each", () => {
    expect(pathRuleMatches({ path: "config/**" }, "/other/config/x.yml", [ROOT, "/other"], "deny")).toBe(true);
  });
});

describe("command rules", () => {
  const cases: [CommandRule, string, string[], "allow" | "deny", boolean][] = [
    [{ command: "rm" }, "rm", ["-rf", "/"], "deny", true],
    [{ command: "rm" }, "/bin/rm", ["x"], "deny", true],
    [{ command: "rm" }, "./rm", ["x"], "deny", true],
    [{ command: "rm" }, "rmdir", ["x"], "deny", false],
    [{ command: "git" }, "git", ["status"], "allow", true],
    [{ command: "git" }, "./git", ["status"], "allow", false],
    [{ command: "git" }, "/usr/bin/git", ["status"], "allow", false],
    [{ command: "./gradlew" }, "./gradlew", ["build"], "allow", true],
    [{ command: "git", args: "push *" }, "git", ["push", "origin", "main"], "deny", true],
    [{ command: "git", args: "push *" }, "git", ["push"], "deny", true],
    [{ command: "git", args: "push *" }, "git", ["pull"], "deny", false],
    [{ command: "git", args: "push *" }, "git", ["pushy"], "deny", false],
    [{ command: "git", args: "*--force*" }, "git", ["push", "--force-with-lease"], "deny", true],
    [{ command: "git", args: "status" }, "git", ["status", "--short"], "allow", false],
    [{ command: "git", args: "log *" }, "git", ["log", "feature/x"], "allow", true],
  ];
  test.each(cases)("%p vs %p %p (%s) → %p", (rule, program, args, side, expected) => {
    expect(commandRuleMatches(rule, { program, args }, side)).toBe(expected);
  });

  test("args globs: ? is one character, \\ escapes", () => {
    expect(argsGlobMatches("-n?", ["-n1"])).toBe(true);
    expect(argsGlobMatches("-n?", ["-n12"])).toBe(false);
    expect(argsGlobMatches("a\\*b", ["a*b"])).toBe(true);
    expect(argsGlobMatches("a\\*b", ["axb"])).toBe(false);
    expect(argsGlobMatches("(x)+", ["(x)+"])).toBe(true);
  });
});

test("tool rules glob over tool names", () => {
  expect(toolRuleMatches({ tool: "mcp__github__*" }, "mcp__github__create_issue")).toBe(true);
  expect(toolRuleMatches({ tool: "mcp__github__*" }, "mcp__gitlab__x")).toBe(false);
  expect(toolRuleMatches({ tool: "write_file" }, "write_file")).toBe(true);
});

describe("rule schema", () => {
  test("each kind parses", () => {
    expect(ruleSchema().parse({ command: "git", args: "push *", reason: "CI pushes" })).toEqual({
      command: "git",
      args: "push *",
      reason: "CI pushes",
    });
    expect(ruleSchema().parse({ path: "**/.env", actions: ["edit"] })).toEqual({ path: "**/.env", actions: ["edit"] });
    expect(ruleSchema().parse({ tool: "mcp__*" })).toEqual({ tool: "mcp__*" });
  });
  test.each([
    [{ command: "git push" }, /without spaces/],
    [{ comand: "rm" }, /needs one of/],
    [{ command: "rm", path: "x" }, /exactly one/],
    [{ path: "x", actions: ["delete"] }, /edit/],
    [{ command: "rm", arg: "x" }, /arg/],
    ["rm", /is an object/],
  ])("%p is refused", (value, message) => {
    const result = ruleSchema().safeParse(value);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
  test("describeRule names where the rule lives", () => {
    expect(
      describeRule({ rule: { command: "rm", reason: "no deletes" }, file: ".punie/settings.json", at: "permissions.deny[0]" }),
    ).toBe('permissions.deny[0] {"command":"rm"} in `.punie/settings.json` (no deletes)');
  });
});
