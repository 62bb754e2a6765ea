import { describe, expect, test } from "bun:test";
import { PermissionDeniedError } from "../../src/errors.ts";
import type { PermissionAsk } from "../../src/permissions/gate.ts";
import type { PermissionMode } from "../../src/permissions/modes.ts";
import {
  ALLOW_ONCE,
  ALLOW_PROJECT,
  ALLOW_SESSION,
  createPolicyGate,
  type PermissionDecisionRecord,
  REJECT_ONCE,
} from "../../src/permissions/policy-gate.ts";
import { NO_RULES, type PermissionRules } from "../../src/permissions/rules.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";
import type { PermissionOutcome } from "../../src/workspace/types.ts";

const ROOT = "/work/project";

/** A workspace whose permission prompts are answered from a script, recording what was asked. */
function scriptedWorkspace(answers: PermissionOutcome[]) {
  const workspace = createMemoryWorkspace({
    cwd: ROOT,
    permission: (request) => {
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected permission prompt: ${request.title}`);
      return answer;
    },
  });
  return { workspace, asked: workspace.permissionRequests };
}

const pick = (optionId: string): PermissionOutcome => ({ outcome: "selected", optionId });

function setup(options: { answers?: PermissionOutcome[]; mode?: PermissionMode; rules?: PermissionRules; project?: Set<string> | null } = {}) {
  const { workspace, asked } = scriptedWorkspace(options.answers ?? []);
  let mode: PermissionMode = options.mode ?? "ask";
  const records: PermissionDecisionRecord[] = [];
  const project = options.project === undefined ? new Set<string>() : options.project;
  const gate = createPolicyGate({
    workspace,
    getMode: () => mode,
    rules: options.rules ?? NO_RULES,
    roots: [ROOT],
    projectRules: project,
    onDecision: (record) => records.push(record),
  });
  return { gate, asked, records, project, setMode: (m: PermissionMode) => (mode = m) };
}

let callCount = 0;
const command = (line: string): PermissionAsk => ({
  action: "execute",
  toolName: "run_command",
  toolCallId: `call_${++callCount}`,
  title: line,
  command: line,
});
const write = (rel: string): PermissionAsk => ({
  action: "edit",
  toolName: "write_file",
  toolCallId: `call_${++callCount}`,
  title: `Write ${rel}`,
  paths: [`${ROOT}/${rel}`],
});
const signal = new AbortController().signal;
const outcomes = (records: PermissionDecisionRecord[]) => records.map((r) => r.outcome);

describe("createPolicyGate", () => {
  test("a front end that refuses for the person (no terminal) is recorded as a rejection with its reason; other errors are not", async () => {
    const refuse = (error: Error) => {
      const records: PermissionDecisionRecord[] = [];
      const workspace = createMemoryWorkspace({
        cwd: ROOT,
        permission: () => {
          throw error;
        },
      });
      const gate = createPolicyGate({ workspace, getMode: () => "ask", rules: NO_RULES, roots: [ROOT], projectRules: null, onDecision: (record) => records.push(record) });
      return { gate, records };
    };
    const noTerminal = refuse(new PermissionDeniedError("No terminal to ask for permission."));
    await expect(noTerminal.gate.check(write("notes.md"), signal)).rejects.toThrow("No terminal to ask");
    expect(noTerminal.records).toMatchObject([{ outcome: "rejected", reason: "No terminal to ask for permission.", toolName: "write_file" }]);
    const broken = refuse(new Error("the client went away"));
    await expect(broken.gate.check(write("notes.md"), signal)).rejects.toThrow("the client went away");
    expect(broken.records).toEqual([]);
  });

  test("asks with allow once, both always choices naming what they remember, and reject", async () => {
    const { gate, asked } = setup({ answers: [pick(ALLOW_ONCE)] });
    await gate.check(command("git status"), signal);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.options).toEqual([
      { optionId: ALLOW_ONCE, name: "Allow once", kind: "allow_once" },
      { optionId: ALLOW_SESSION, name: "Always allow `git status *` for this session", kind: "allow_always" },
      { optionId: ALLOW_PROJECT, name: "Always allow `git status *` in this project", kind: "allow_always" },
      { optionId: REJECT_ONCE, name: "Reject", kind: "reject_once" },
    ]);
    expect(asked[0]?.action).toBe("execute");
  });

  test("allow once asks again next time", async () => {
    const { gate, asked, records } = setup({ answers: [pick(ALLOW_ONCE), pick(ALLOW_ONCE)] });
    await gate.check(command("git status"), signal);
    await gate.check(command("git status"), signal);
    expect(asked).toHaveLength(2);
    expect(outcomes(records)).toEqual(["allowed_once", "allowed_once"]);
  });

  test("always for this session: git status is not asked again, rm still is", async () => {
    const { gate, asked, records, project } = setup({ answers: [pick(ALLOW_SESSION), pick(REJECT_ONCE)] });
    await gate.check(command("git status"), signal);
    await gate.check(command("git status --short"), signal);
    expect(asked).toHaveLength(1);
    await expect(gate.check(command("rm -rf build"), signal)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(asked).toHaveLength(2);
    expect(outcomes(records)).toEqual(["allowed_session", "allowed_session", "rejected"]);
    expect(records[1]?.remembered).toBe(true);
    expect(project?.size).toBe(0);
    expect([...gate.sessionAlways]).toEqual(["command:git status *"]);
  });

  test("always in this project stores the key, and a new gate on the same store does not ask", async () => {
    const first = setup({ answers: [pick(ALLOW_PROJECT)] });
    await first.gate.check(command("pytest -q"), signal);
    expect([...(first.project ?? [])]).toEqual(["command:pytest"]);
    const second = setup({ project: first.project });
    await second.gate.check(command("pytest tests/"), signal);
    expect(second.asked).toHaveLength(0);
    expect(second.records[0]).toMatchObject({ outcome: "allowed_project", remembered: true });
  });

  test("edits are remembered per tool", async () => {
    const { gate, asked } = setup({ answers: [pick(ALLOW_SESSION)] });
    await gate.check(write("a.py"), signal);
    await gate.check(write("b/c.py"), signal);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.options.map((o) => o.name)).toContain("Always allow write_file for this session");
  });

  test("reject throws a denial the model reads, and records it", async () => {
    const { gate, records } = setup({ answers: [pick(REJECT_ONCE)] });
    const error = await gate.check(command("rm -rf /"), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toMatch(/rejected/);
    expect(records[0]).toMatchObject({ outcome: "rejected", keys: ["command:rm"], toolName: "run_command" });
  });

  test("a cancelled prompt is a denial recorded as cancelled", async () => {
    const { gate, records } = setup({ answers: [{ outcome: "cancelled" }] });
    await expect(gate.check(command("ls"), signal)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(outcomes(records)).toEqual(["cancelled"]);
  });

  test("an option id that was not offered is never taken as consent", async () => {
    const { gate, records } = setup({ answers: [pick("allow_everything")] });
    await expect(gate.check(command("ls"), signal)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(outcomes(records)).toEqual(["rejected"]);
  });

  test("an unparseable command offers no always choices and says why", async () => {
    const { gate, asked } = setup({ answers: [pick(ALLOW_ONCE)] });
    await gate.check(command("cat <<EOF\nhi\nEOF"), signal);
    expect(asked[0]?.options.map((o) => o.optionId)).toEqual([ALLOW_ONCE, REJECT_ONCE]);
    expect(asked[0]?.title).toMatch(/heredoc/);
  });

  test("without a project store, only the session choice is offered", async () => {
    const { gate, asked } = setup({ answers: [pick(ALLOW_ONCE)], project: null });
    await gate.check(command("ls"), signal);
    expect(asked[0]?.options.map((o) => o.optionId)).toEqual([ALLOW_ONCE, ALLOW_SESSION, REJECT_ONCE]);
  });

  test("a settings deny rule refuses without asking, naming the rule", async () => {
    const rules: PermissionRules = {
      allow: [],
      deny: [{ rule: { command: "rm" }, file: ".punie/settings.json", at: "permissions.deny[0]" }],
    };
    const { gate, asked, records } = setup({ mode: "auto", rules });
    const error = await gate.check(command("make clean && rm -rf dist"), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toContain("permissions.deny[0]");
    expect(asked).toHaveLength(0);
    expect(records[0]).toMatchObject({ outcome: "denied_by_rule", mode: "auto" });
  });

  test("a settings allow rule allows without asking", async () => {
    const rules: PermissionRules = {
      deny: [],
      allow: [{ rule: { command: "git" }, file: "~/.punie/settings.json", at: "permissions.allow[0]" }],
    };
    const { gate, asked, records } = setup({ rules });
    await gate.check(command("git status"), signal);
    expect(asked).toHaveLength(0);
    expect(outcomes(records)).toEqual(["allowed_by_rule"]);
  });

  test("the mode is read on every check", async () => {
    const { gate, asked, records, setMode } = setup({ answers: [pick(ALLOW_ONCE)] });
    setMode("auto");
    await gate.check(write("a.py"), signal);
    setMode("read-only");
    const error = await gate.check(write("a.py"), signal).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/read-only mode/);
    setMode("ask");
    await gate.check(write("a.py"), signal);
    expect(asked).toHaveLength(1);
    expect(outcomes(records)).toEqual(["auto_mode", "denied_by_mode", "allowed_once"]);
  });

  test("a project store that fails to save still honours the answer for the session", async () => {
    const { workspace, asked } = scriptedWorkspace([pick(ALLOW_PROJECT)]);
    const gate = createPolicyGate({
      workspace,
      getMode: () => "ask",
      rules: NO_RULES,
      roots: [ROOT],
      projectRules: {
        has: () => false,
        add: () => {
          throw new Error("database is locked");
        },
      },
    });
    await gate.check(command("make"), signal);
    await gate.check(command("make test"), signal);
    expect(asked).toHaveLength(1);
  });

  test("read-only MCP tools pass without a prompt", async () => {
    const { workspace, asked } = scriptedWorkspace([]);
    const gate = createPolicyGate({
      workspace,
      getMode: () => "ask",
      rules: NO_RULES,
      roots: [ROOT],
      projectRules: null,
      isReadOnlyTool: (name) => name === "mcp__idea__get_file_problems",
    });
    await gate.check({ action: "mcp", toolName: "mcp__idea__get_file_problems", toolCallId: "c1", title: "Problems" }, signal);
    expect(asked).toHaveLength(0);
  });
});
