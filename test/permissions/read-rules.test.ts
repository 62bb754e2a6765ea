/**
 * Path deny rules on reads (pure parts): which rules cover reading, what a command line names
 * (arguments, `--opt=value`, redirections), and the decision for commands and MCP calls that
 * touch a denied path.
 */
import { describe, expect, test } from "bun:test";
import { decide, pathDenial, type PolicyInput } from "../../src/permissions/policy.ts";
import type { PermissionRules, Rule } from "../../src/permissions/rules.ts";
import { splitShellCommand } from "../../src/permissions/shell-split.ts";
import { commandPathWords, stringArguments } from "../../src/permissions/touched-paths.ts";

const ROOT = "/work/project";
const deny = (...rules: Rule[]): PermissionRules => ({
  allow: [],
  deny: rules.map((rule, i) => ({ rule, file: ".punie/settings.json", at: `permissions.deny[${i}]` })),
});
const input = (more: Partial<PolicyInput>): PolicyInput => ({
  action: "execute",
  mode: "auto",
  toolName: "run_command",
  workspaceRoots: [ROOT],
  cwd: ROOT,
  rules: deny(),
  sessionAlways: new Set(),
  projectAlways: new Set(),
  ...more,
});

describe("which path rules cover reading", () => {
  test.each([
    [{ path: "**/.env" }, `${ROOT}/a/.env`, true],
    [{ path: "**/.env", actions: ["read"] }, `${ROOT}/.env`, true],
    [{ path: "**/.env", actions: ["edit"] }, `${ROOT}/.env`, false],
    [{ path: "secret/**" }, `${ROOT}/secret/k.pem`, true],
    [{ path: "secret/**" }, `${ROOT}/public/k.pem`, false],
  ] as [Rule, string, boolean][])("%j reading %s: denied %p", (rule, path, denied) => {
    expect(pathDenial(deny(rule), "read", [path], [ROOT], ROOT) !== null).toBe(denied);
  });
});

describe("what a command line names", () => {
  const words = (line: string) => {
    const split = splitShellCommand(line);
    if (!split.ok) throw new Error(split.reason);
    return commandPathWords(split.commands);
  };
  test.each([
    ["cat .env", [{ word: ".env", write: false }]],
    ["echo hacked >> .env", [{ word: "hacked", write: false }, { word: ".env", write: true }]],
    ["sort < in.txt 2>&1", [{ word: "in.txt", write: false }]],
    ["> .env", [{ word: ".env", write: true }]],
    ["docker run --env-file=.env img", ["run", "--env-file=.env", ".env", "img"].map((word) => ({ word, write: false }))],
    ["bash -c 'cat .env'", ["-c", "cat .env", ".env"].map((word) => ({ word, write: false }))],
  ])("%s", (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  test("every string anywhere in an MCP call's arguments", () => {
    expect(stringArguments({ a: ".env", b: [1, "x", { c: "secret/k" }], d: "two\nlines" })).toEqual([".env", "x", "secret/k"]);
  });
});

describe("commands and MCP calls touching a denied path", () => {
  const env = { path: "**/.env", reason: "secrets" };
  test("a read-covering rule refuses any path a command names, in every mode", () => {
    const decision = decide(input({ command: "cat .env", rules: deny(env), touched: [{ path: `${ROOT}/.env`, write: false }] }));
    expect(decision).toMatchObject({ kind: "deny", by: "rule" });
    expect(decision.kind === "deny" && decision.reason).toContain("a command naming `.env`");
  });
  test("an edit-only rule refuses only the writes", () => {
    const rules = deny({ path: "notes.md", actions: ["edit"] });
    expect(decide(input({ command: "cat notes.md", rules, touched: [{ path: `${ROOT}/notes.md`, write: false }] })).kind).toBe("allow");
    expect(decide(input({ command: "echo x > notes.md", rules, touched: [{ path: `${ROOT}/notes.md`, write: true }] })).kind).toBe("deny");
  });
  test("an MCP call naming a denied path is refused even for a read-only tool", () => {
    const decision = decide(
      input({ action: "mcp", toolName: "mcp__idea__get_file_text", readOnlyTool: true, rules: deny(env), touched: [{ path: `${ROOT}/.env`, write: false }] }),
    );
    expect(decision).toMatchObject({ kind: "deny", by: "rule" });
  });
  test("a line that cannot be split is asked about (not allowed by auto) while a read rule exists", () => {
    expect(decide(input({ command: "eval \"cat .env\"", rules: deny(env) }))).toMatchObject({ kind: "ask", keys: [] });
    expect(decide(input({ command: "eval \"cat .env\"" })).kind).toBe("allow");
  });
});
