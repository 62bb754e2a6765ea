import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LIMITS } from "../../src/agent/loop.ts";
import { ConfigError } from "../../src/errors.ts";
import { decide } from "../../src/permissions/policy.ts";
import { DEFAULT_CONTEXT_WINDOW, DEFAULT_TIMEOUTS, loadSettings } from "../../src/settings/load.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";

let dir: string;
let workspace: string;
let home: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "punie-settings-"));
  workspace = join(dir, "project");
  home = join(dir, "punie-home");
  await mkdir(join(workspace, ".punie"), { recursive: true });
  await mkdir(home, { recursive: true });
  env = { PUNIE_HOME: home, HOME: dir };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const writeProject = (value: unknown) =>
  writeFile(join(workspace, ".punie", "settings.json"), typeof value === "string" ? value : JSON.stringify(value));
const writeUser = (value: unknown) =>
  writeFile(join(home, "settings.json"), typeof value === "string" ? value : JSON.stringify(value));

async function loadError(flags: { model?: string; mode?: string } = {}): Promise<string> {
  const error = await loadSettings({ workspace, env, flags }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe("loadSettings: defaults and precedence", () => {
  test("no settings files: defaults", async () => {
    const settings = await loadSettings({ workspace, env });
    expect(settings).toEqual({
      model: undefined,
      mode: "ask",
      instructions: "",
      contextWindow: DEFAULT_CONTEXT_WINDOW,
      pythonCheck: undefined,
      rules: { allow: [], deny: [] },
      limits: DEFAULT_LIMITS,
      timeouts: DEFAULT_TIMEOUTS,
      sources: { model: "default", mode: "default" },
      loadedFiles: [],
    });
  });

  const layers = ["user", "project", "env", "flag"] as const;
  test.each(layers.map((_, n) => [layers.slice(0, n + 1)]))("with %p set, the last one wins", async (set) => {
    if (set.includes("user")) await writeUser({ model: "user-model", mode: "read-only" });
    if (set.includes("project")) await writeProject({ model: "project-model", mode: "accept-edits" });
    if (set.includes("env")) Object.assign(env, { PUNIE_MODEL: "env-model", PUNIE_PERMISSION_MODE: "auto" });
    const flags = set.includes("flag") ? { model: "flag-model", mode: "ask" } : {};
    const settings = await loadSettings({ workspace, env, flags });
    const winner = set.at(-1);
    const expected = { user: ["user-model", "read-only"], project: ["project-model", "accept-edits"], env: ["env-model", "auto"], flag: ["flag-model", "ask"] };
    expect([settings.model, settings.mode]).toEqual(expected[winner as keyof typeof expected]);
    expect(settings.sources).toEqual({ model: winner, mode: winner } as never);
  });

  test("empty flags and env values do not count", async () => {
    await writeProject({ model: "project-model" });
    const settings = await loadSettings({ workspace, env: { ...env, PUNIE_MODEL: "" }, flags: { model: "  " } });
    expect(settings.model).toBe("project-model");
  });

  test("PUNIE_MODE (the instruction set of punie ask) is not read as a permission mode", async () => {
    expect((await loadSettings({ workspace, env: { ...env, PUNIE_MODE: "local" } })).mode).toBe("ask");
  });

  test("a bad mode in env or a flag names where it came from", async () => {
    env.PUNIE_PERMISSION_MODE = "yolo";
    expect(await loadError()).toMatch(/^PUNIE_PERMISSION_MODE: unknown permission mode "yolo" \(one of ask, accept-edits, auto, read-only\)$/);
    delete env.PUNIE_MODE;
    expect(await loadError({ mode: "everything" })).toMatch(/^--mode: unknown permission mode/);
  });

  test("rules from both files combine, labelled with their file", async () => {
    await writeUser({ permissions: { deny: [{ command: "rm" }], allow: [{ command: "git" }] } });
    await writeProject({ permissions: { allow: [{ path: "docs/**" }] } });
    const { rules, loadedFiles } = await loadSettings({ workspace, env });
    expect(loadedFiles).toEqual(["~/punie-home/settings.json", ".punie/settings.json"]);
    expect(rules.deny).toEqual([{ rule: { command: "rm" }, file: "~/punie-home/settings.json", at: "permissions.deny[0]" }]);
    expect(rules.allow.map((r) => [r.file, r.at])).toEqual([
      ["~/punie-home/settings.json", "permissions.allow[0]"],
      [".punie/settings.json", "permissions.allow[0]"],
    ]);
  });

  test("a deny in the user file beats an allow in the project file", async () => {
    await writeUser({ permissions: { deny: [{ command: "curl" }] } });
    await writeProject({ permissions: { allow: [{ command: "curl" }] } });
    const { rules } = await loadSettings({ workspace, env });
    const decision = decide({
      action: "execute",
      mode: "auto",
      toolName: "run_command",
      command: "curl https://example.com",
      workspaceRoots: [workspace],
      cwd: workspace,
      rules,
      sessionAlways: new Set(),
      projectAlways: new Set(),
    });
    expect(decision.kind).toBe("deny");
  });

  test("instructions from both files are kept, user first; limits and timeouts merge per key", async () => {
    await writeUser({ instructions: "Answer in English.", limits: { maxRequests: 10, toolRetries: 1 }, timeouts: { modelListMs: 500 } });
    await writeProject({ instructions: "Use pytest.", limits: { maxRequests: 20 }, contextWindow: 8192 });
    const settings = await loadSettings({ workspace, env });
    expect(settings.instructions).toBe("Answer in English.\n\nUse pytest.");
    expect(settings.limits).toEqual({ ...DEFAULT_LIMITS, maxRequests: 20, toolRetries: 1 });
    expect(settings.timeouts).toEqual({ ...DEFAULT_TIMEOUTS, modelListMs: 500 });
    expect(settings.contextWindow).toBe(8192);
  });

  test("PUNIE_HOME moves the user file; without it, ~/.punie is used and shown with ~", async () => {
    await mkdir(join(dir, ".punie"));
    await writeFile(join(dir, ".punie", "settings.json"), JSON.stringify({ model: "from-home", moddel: 1 }));
    const error = await loadSettings({ workspace, env: { HOME: dir } }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("`~/.punie/settings.json`: moddel: unknown key (did you mean `model`?)");
  });

  test("a workspace whose settings file is the user file reads it once", async () => {
    await writeProject({ permissions: { deny: [{ command: "rm" }] } });
    const settings = await loadSettings({ workspace, env: { HOME: dir, PUNIE_HOME: join(workspace, ".punie") } });
    expect(settings.rules.deny).toHaveLength(1);
    expect(settings.loadedFiles).toEqual(["~/project/.punie/settings.json"]);
  });

  test("an empty file is fine", async () => {
    await writeProject("  \n");
    expect((await loadSettings({ workspace, env })).loadedFiles).toEqual([".punie/settings.json"]);
  });
});

describe("loadSettings: errors name the file and the key", () => {
  const cases: [string, unknown, string][] = [
    [
      "a typo in a deny rule",
      { permissions: { deny: [{ command: "rm" }, { comand: "curl" }] } },
      "`.punie/settings.json`: permissions.deny[1].comand: unknown key (did you mean `command`?); permissions.deny[1]: a rule needs one of `command`, `path` or `tool`",
    ],
    ["an unknown top-level key", { modle: "x" }, "`.punie/settings.json`: modle: unknown key (did you mean `model`?)"],
    ["a key nothing resembles", { colour: "blue" }, "`.punie/settings.json`: colour: unknown key"],
    ["an unknown key in permissions", { permissions: { denny: [] } }, "`.punie/settings.json`: permissions.denny: unknown key (did you mean `deny`?)"],
    ["an unknown key in a rule with a kind", { permissions: { allow: [{ command: "git", arg: "status" }] } }, "`.punie/settings.json`: permissions.allow[0].arg: unknown key (did you mean `args`?)"],
    ["a bad mode", { mode: "yolo" }, '`.punie/settings.json`: mode: must be "ask", "accept-edits", "auto", "read-only"'],
    ["a wrong type", { model: 7 }, "`.punie/settings.json`: model: expected string"],
    ["a fractional limit", { limits: { maxRequests: 2.5 } }, "`.punie/settings.json`: limits.maxRequests: expected a whole number"],
    ["an unknown timeout", { timeouts: { model: 5 } }, "`.punie/settings.json`: timeouts.model: unknown key"],
    ["a path rule action", { permissions: { deny: [{ path: ".env", actions: ["delete"] }] } }, '`.punie/settings.json`: permissions.deny[0].actions[0]: must be "read", "edit"'],
    ["two kinds in one rule", { permissions: { deny: [{ path: ".env", command: "cat" }] } }, "`.punie/settings.json`: permissions.deny[0]: a rule has exactly one of `command`, `path` or `tool` (found `command`, `path`)"],
    ["not an object", ["model"], "`.punie/settings.json`: (top level): expected object"],
  ];
  test.each(cases)("%s", async (_, value, message) => {
    await writeProject(value);
    expect(await loadError()).toBe(message);
  });

  test("invalid JSON names the file", async () => {
    await writeProject('{ "model": "x", }');
    expect(await loadError()).toMatch(/^`\.punie\/settings\.json`: not valid JSON \(/);
  });

  test("an unreadable settings path names the file", async () => {
    await mkdir(join(home, "settings.json"));
    expect(await loadError()).toStartWith("`~/punie-home/settings.json`: cannot be read");
  });
});

describe("settings on disk drive the permission gate", () => {
  test("a project deny rule stops a command in every mode, without a prompt, naming the rule", async () => {
    const { createPolicyGate } = await import("../../src/permissions/policy-gate.ts");
    await writeProject({ permissions: { deny: [{ command: "git", args: "push *", reason: "pushes go through CI" }] } });
    const settings = await loadSettings({ workspace, env });
    let prompts = 0;
    for (const mode of ["ask", "accept-edits", "auto", "read-only"] as const) {
      const gate = createPolicyGate({
        workspace: createMemoryWorkspace({
          cwd: workspace,
          permission: () => {
            prompts++;
            return { outcome: "selected", optionId: "allow_once" };
          },
        }),
        getMode: () => mode,
        rules: settings.rules,
        roots: [workspace],
        projectRules: null,
      });
      const ask = { action: "execute", toolName: "run_command", toolCallId: "c", title: "push", command: "git add . && git push origin main" } as const;
      const error = await gate.check(ask, new AbortController().signal).catch((e: unknown) => e);
      expect((error as Error).message).toContain('permissions.deny[0] {"command":"git","args":"push *"} in `.punie/settings.json` (pushes go through CI)');
    }
    expect(prompts).toBe(0);
  });
});
