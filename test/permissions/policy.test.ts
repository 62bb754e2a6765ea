import { describe, expect, test } from "bun:test";
import { type Decision, decide, type PolicyInput } from "../../src/permissions/policy.ts";
import type { PermissionRules, Rule } from "../../src/permissions/rules.ts";

const ROOT = "/work/project";
const CWD = `${ROOT}/pkg`;

const rules = (allow: Rule[] = [], deny: Rule[] = []): PermissionRules => ({
  allow: allow.map((rule, i) => ({ rule, file: ".punie/settings.json", at: `permissions.allow[${i}]` })),
  deny: deny.map((rule, i) => ({ rule, file: ".punie/settings.json", at: `permissions.deny[${i}]` })),
});

const edit = (paths: string[], more: Partial<PolicyInput> = {}): PolicyInput => ({
  action: "edit",
  mode: "ask",
  toolName: "write_file",
  paths,
  workspaceRoots: [ROOT],
  cwd: CWD,
  rules: rules(),
  sessionAlways: new Set(),
  projectAlways: new Set(),
  ...more,
});

const run = (command: PolicyInput["command"], more: Partial<PolicyInput> = {}): PolicyInput => ({
  action: "execute",
  mode: "ask",
  toolName: "run_command",
  ...(command === undefined ? {} : { command }),
  workspaceRoots: [ROOT],
  cwd: CWD,
  rules: rules(),
  sessionAlways: new Set(),
  projectAlways: new Set(),
  ...more,
});

const mcp = (more: Partial<PolicyInput> = {}): PolicyInput => ({
  action: "mcp",
  mode: "ask",
  toolName: "mcp__idea__run_configuration",
  workspaceRoots: [ROOT],
  cwd: CWD,
  rules: rules(),
  sessionAlways: new Set(),
  projectAlways: new Set(),
  ...more,
});

/** The decision without its prose, for compact tables. */
const shape = (d: Decision) => (d.kind === "ask" ? { kind: "ask", keys: d.keys } : { kind: d.kind, by: d.by });

describe("modes, with no rules and no memory", () => {
  const cases: [string, PolicyInput, ReturnType<typeof shape>][] = [
    ["ask: edit is asked", edit([`${CWD}/a.py`]), { kind: "ask", keys: ["tool:write_file"] }],
    ["ask: command is asked", run("git status"), { kind: "ask", keys: ["command:git status *"] }],
    ["ask: mcp is asked", mcp(), { kind: "ask", keys: ["tool:mcp__idea__run_configuration"] }],
    ["accept-edits: edit in cwd allowed", edit([`${CWD}/a.py`], { mode: "accept-edits" }), { kind: "allow", by: "mode" }],
    ["accept-edits: edit in workspace but outside cwd asked", edit([`${ROOT}/b.py`], { mode: "accept-edits" }), { kind: "ask", keys: ["tool:write_file"] }],
    ["accept-edits: one path outside cwd asks for all", edit([`${CWD}/a.py`, `${ROOT}/b.py`], { mode: "accept-edits" }), { kind: "ask", keys: ["tool:write_file"] }],
    ["accept-edits: command asked", run("ls", { mode: "accept-edits" }), { kind: "ask", keys: ["command:ls"] }],
    ["accept-edits: mcp asked", mcp({ mode: "accept-edits" }), { kind: "ask", keys: ["tool:mcp__idea__run_configuration"] }],
    ["auto: edit in workspace allowed", edit([`${ROOT}/b.py`], { mode: "auto" }), { kind: "allow", by: "mode" }],
    ["auto: edit outside workspace asked", edit(["/etc/hosts"], { mode: "auto" }), { kind: "ask", keys: ["tool:write_file"] }],
    ["auto: edit of a sibling folder with the same prefix asked", edit(["/work/project-evil/x"], { mode: "auto" }), { kind: "ask", keys: ["tool:write_file"] }],
    ["auto: edit with no paths asked", edit([], { mode: "auto" }), { kind: "ask", keys: ["tool:write_file"] }],
    ["auto: command started in workspace allowed", run("rm -rf build", { mode: "auto" }), { kind: "allow", by: "mode" }],
    ["auto: command started outside asked", run("ls", { mode: "auto", cwd: "/tmp" }), { kind: "ask", keys: ["command:ls"] }],
    ["auto: unparseable command allowed when no deny rule could apply", run("cat <<EOF\nx\nEOF", { mode: "auto" }), { kind: "allow", by: "mode" }],
    ["auto: mcp allowed", mcp({ mode: "auto" }), { kind: "allow", by: "mode" }],
    ["read-only: edit denied", edit([`${CWD}/a.py`], { mode: "read-only" }), { kind: "deny", by: "mode" }],
    ["read-only: command denied", run("ls", { mode: "read-only" }), { kind: "deny", by: "mode" }],
    ["read-only: mcp denied", mcp({ mode: "read-only" }), { kind: "deny", by: "mode" }],
    ["read-only: a read-only tool allowed", mcp({ mode: "read-only", readOnlyTool: true }), { kind: "allow", by: "read_only_tool" }],
    ["ask: a read-only tool allowed", mcp({ readOnlyTool: true }), { kind: "allow", by: "read_only_tool" }],
  ];
  test.each(cases)("%s", (_, input, expected) => {
    expect(shape(decide(input))).toEqual(expected);
  });

  test("read-only refusals name the mode so the model knows why", () => {
    const decision = decide(edit([`${CWD}/a.py`], { mode: "read-only" }));
    expect(decision.kind === "deny" && decision.reason).toMatch(/read-only mode.*file edits/);
    const command = decide(run("ls", { mode: "read-only" }));
    expect(command.kind === "deny" && command.reason).toMatch(/read-only mode.*commands/);
  });
});

describe("settings rules", () => {
  const cases: [string, PolicyInput, ReturnType<typeof shape>][] = [
    ["deny command in auto mode", run("rm -rf build", { mode: "auto", rules: rules([], [{ command: "rm" }]) }), { kind: "deny", by: "rule" }],
    ["deny any program of a line", run("make && sudo rm -rf /", { mode: "auto", rules: rules([], [{ command: "rm" }]) }), { kind: "deny", by: "rule" }],
    ["deny inside a substitution", run("echo $(rm x)", { mode: "auto", rules: rules([], [{ command: "rm" }]) }), { kind: "deny", by: "rule" }],
    ["deny inside bash -c", run("bash -c 'cd x && rm y'", { rules: rules([], [{ command: "rm" }]) }), { kind: "deny", by: "rule" }],
    ["deny with args glob hits", run("git push --force", { rules: rules([], [{ command: "git", args: "push *" }]) }), { kind: "deny", by: "rule" }],
    ["deny with args glob misses", run("git pull", { rules: rules([], [{ command: "git", args: "push *" }]) }), { kind: "ask", keys: ["command:git pull *"] }],
    ["deny beats allow", run("rm x", { rules: rules([{ command: "rm" }], [{ command: "rm" }]) }), { kind: "deny", by: "rule" }],
    ["deny beats session memory", run("rm x", { rules: rules([], [{ command: "rm" }]), sessionAlways: new Set(["command:rm"]) }), { kind: "deny", by: "rule" }],
    ["deny path in auto mode", edit([`${ROOT}/.env`], { mode: "auto", rules: rules([], [{ path: "**/.env" }]) }), { kind: "deny", by: "rule" }],
    ["deny path when one of several paths hits", edit([`${CWD}/a.py`, `${ROOT}/secrets/k`], { mode: "auto", rules: rules([], [{ path: "secrets" }]) }), { kind: "deny", by: "rule" }],
    ["path rules do not apply to commands", run("cat .env", { mode: "auto", rules: rules([], [{ path: "**/.env" }]) }), { kind: "allow", by: "mode" }],
    ["deny tool", mcp({ mode: "auto", rules: rules([], [{ tool: "mcp__idea__*" }]) }), { kind: "deny", by: "rule" }],
    ["unparseable + a command deny rule: asked even in auto", run("eval $X", { mode: "auto", rules: rules([], [{ command: "rm" }]) }), { kind: "ask", keys: [] }],
    ["unparseable + a command deny rule in read-only: denied by mode", run("eval $X", { mode: "read-only", rules: rules([], [{ command: "rm" }]) }), { kind: "deny", by: "mode" }],
    ["allow command", run("git status", { rules: rules([{ command: "git" }]) }), { kind: "allow", by: "rule" }],
    ["allow needs every program", run("git status && rm x", { rules: rules([{ command: "git" }]) }), { kind: "ask", keys: ["command:git status *", "command:rm"] }],
    ["allow with several rules covering every program", run("git diff | less", { rules: rules([{ command: "git" }, { command: "less" }]) }), { kind: "allow", by: "rule" }],
    ["allow never covers a wrapper it does not name", run("sudo git status", { rules: rules([{ command: "git" }]) }), { kind: "ask", keys: ["command-line:sudo git status", "command:git status *"] }],
    ["allow never covers an unparseable line", run("git log <<EOF\nx\nEOF", { rules: rules([{ command: "git" }]) }), { kind: "ask", keys: [] }],
    ["allow never covers an empty line", run("", { rules: rules([{ command: "git" }]) }), { kind: "ask", keys: [] }],
    ["allow with args glob", run("npm test", { rules: rules([{ command: "npm", args: "test *" }]) }), { kind: "allow", by: "rule" }],
    ["allow with args glob misses", run("npm publish", { rules: rules([{ command: "npm", args: "test *" }]) }), { kind: "ask", keys: ["command:npm publish *"] }],
    ["allow in read-only mode (rules come before the mode)", run("git status", { mode: "read-only", rules: rules([{ command: "git", args: "status" }]) }), { kind: "allow", by: "rule" }],
    ["allow program + args form", run({ program: "pytest", args: ["-q"] }, { rules: rules([{ command: "pytest" }]) }), { kind: "allow", by: "rule" }],
    ["allow path", edit([`${ROOT}/docs/a.md`], { rules: rules([{ path: "docs/**" }]) }), { kind: "allow", by: "rule" }],
    ["allow path needs every path", edit([`${ROOT}/docs/a.md`, `${ROOT}/src/b.ts`], { rules: rules([{ path: "docs/**" }]) }), { kind: "ask", keys: ["tool:write_file"] }],
    ["allow tool", mcp({ rules: rules([{ tool: "mcp__idea__run_configuration" }]) }), { kind: "allow", by: "rule" }],
  ];
  test.each(cases)("%s", (_, input, expected) => {
    expect(shape(decide(input))).toEqual(expected);
  });

  test("a rule refusal names the rule and its file, and what it hit", () => {
    const decision = decide(run("make && rm -rf /", { rules: rules([], [{ command: "rm", reason: "use trash" }]) }));
    expect(decision.kind).toBe("deny");
    if (decision.kind !== "deny") return;
    expect(decision.reason).toContain('permissions.deny[0] {"command":"rm"} in `.punie/settings.json` (use trash)');
    expect(decision.reason).toContain("`rm -rf /`");
  });

  test("a path refusal shows the path relative to the cwd", () => {
    const decision = decide(edit([`${CWD}/.env`], { rules: rules([], [{ path: "**/.env" }]) }));
    expect(decision.kind === "deny" && decision.reason).toContain("editing `.env`");
  });

  test("an unparseable line says why it must be asked", () => {
    const decision = decide(run("cat <<EOF\nx\nEOF"));
    expect(decision).toEqual({ kind: "ask", keys: [], reason: expect.stringContaining("heredoc") });
  });
});

describe("remembered answers", () => {
  const cases: [string, PolicyInput, ReturnType<typeof shape>][] = [
    ["session memory allows the same tool", edit([`${CWD}/a.py`], { sessionAlways: new Set(["tool:write_file"]) }), { kind: "allow", by: "session" }],
    ["session memory is per tool", edit([`${CWD}/a.py`], { toolName: "edit_file", sessionAlways: new Set(["tool:write_file"]) }), { kind: "ask", keys: ["tool:edit_file"] }],
    ["always git does not allow rm", run("git status && rm -rf x", { sessionAlways: new Set(["command:git"]) }), { kind: "ask", keys: ["command:git status *", "command:rm"] }],
    ["always `git status *` allows git status with other arguments", run("git status --short", { sessionAlways: new Set(["command:git status *"]) }), { kind: "allow", by: "session" }],
    ["always `git status *` does not allow git push", run("git push", { sessionAlways: new Set(["command:git status *"]) }), { kind: "ask", keys: ["command:git push *"] }],
    ["always `python3 calculator.py` does not allow python3 -c", run("python3 -c 'import os'", { projectAlways: new Set(["command-line:python3 calculator.py"]) }), { kind: "ask", keys: ["command-line:python3 -c 'import os'"] }],
    ["always `python3 calculator.py` allows exactly that", run("python3 calculator.py", { projectAlways: new Set(["command-line:python3 calculator.py"]) }), { kind: "allow", by: "project" }],
    ["a program key saved before keeps allowing the whole program", run("python3 -c 'import os'", { projectAlways: new Set(["command:python3"]) }), { kind: "allow", by: "project" }],
    ["every program remembered: allowed", run("git add . && git commit", { sessionAlways: new Set(["command:git"]) }), { kind: "allow", by: "session" }],
    ["project memory", run("pytest -q", { projectAlways: new Set(["command:pytest"]) }), { kind: "allow", by: "project" }],
    ["session and project together", run("git diff | less", { sessionAlways: new Set(["command:git"]), projectAlways: new Set(["command:less"]) }), { kind: "allow", by: "project" }],
    ["memory never allows an unparseable line", run("eval git", { sessionAlways: new Set(["command:git", "command:eval"]) }), { kind: "ask", keys: [] }],
    ["read-only mode wins over memory", run("git status", { mode: "read-only", sessionAlways: new Set(["command:git"]) }), { kind: "deny", by: "mode" }],
    ["execute without a command line remembers the tool", run(undefined, { toolName: "pytest_run", projectAlways: new Set(["tool:pytest_run"]) }), { kind: "allow", by: "project" }],
  ];
  test.each(cases)("%s", (_, input, expected) => {
    expect(shape(decide(input))).toEqual(expected);
  });
});
