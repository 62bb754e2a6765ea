/**
 * `punie ask` on a real pseudo-terminal (util-linux `script`): the permission question shows the
 * diff and the command line with the gate's own option names and is answered by option key; the
 * spinner counts seconds while the model prefills and shows a running command's output tail. On a
 * pipe none of that is drawn.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { shellQuote } from "../../src/permissions/always-keys.ts";
import { defaultStorePath, openStore } from "../../src/store/index.ts";
import { type ScriptedReply, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, E2E_TIMEOUT_MS, sandboxEachTest } from "./harness.ts";

const hasScript = Bun.which("script") !== null;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

const t = sandboxEachTest({ copyDemo: false });
beforeEach(async () => {
  await Bun.write(join(t.box.project, "notes.md"), "old line\n");
});

/**
 * What to type at a permission question, after `afterMs` (a person taking their time): one write,
 * or key presses written apart (each its own read on the terminal).
 */
type Answer = { type: string | string[]; afterMs?: number };

/** Shell run on the terminal after punie ask ends, with `$code` its exit code (the default exits with it). */
const EXIT_WITH_CODE = "exit $code";

/**
 * Runs `punie ask` on a pty; the n-th answer is typed once the n-th question (an `Answer (` prompt)
 * has appeared. A run that outlives 15 s (a question nobody answers) is killed.
 */
async function askOnTerminal(script: ScriptedReply[], args: string[], answers: Answer[] = [], after = EXIT_WITH_CODE) {
  t.server = await startScriptedServer({ script, models: ["coder"] });
  const command = [...(await agentCommand()), "ask", "--model", `${t.server.url}/coder`, ...args].map(shellQuote).join(" ");
  const proc = Bun.spawn(["script", "-qfec", `${command}; code=$?; ${after}`, "/dev/null"], {
    cwd: t.box.project,
    env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0", TERM: "xterm", NO_COLOR: undefined },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const deadline = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  let output = "";
  let next = 0;
  const decoder = new TextDecoder();
  for await (const chunk of proc.stdout) {
    output += decoder.decode(chunk, { stream: true });
    const answer = answers[next];
    if (answer && output.split("Answer (").length - 1 > next) {
      next++;
      if (answer.afterMs) await Bun.sleep(answer.afterMs);
      for (const [index, keys] of [answer.type].flat().entries()) {
        if (index > 0) await Bun.sleep(300);
        proc.stdin.write(keys);
        proc.stdin.flush();
      }
    }
  }
  clearTimeout(deadline);
  return { output, plain: output.replace(ANSI, "").replaceAll("\r\n", "\n"), code: await proc.exited };
}

/** The model writes notes.md, runs `command`, and says "Done.": two questions in "ask" mode. */
const writeThenRun = (command: string): ScriptedReply[] => [
  { toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.md", content: "new line\n" } }] },
  { toolCalls: [{ id: "c", name: "run_command", arguments: { command } }] },
  { text: "Done." },
];

describe.skipIf(!hasScript)("punie ask on a terminal", () => {
  test("the question shows the diff and the command line with the gate's option names; answers pick option ids", async () => {
    const result = await askOnTerminal(
      writeThenRun("git status --short"),
      ["update the notes"],
      [
        { type: "p\n", afterMs: 1200 },
        { type: "n\n" },
      ],
    );
    expect(result.code).toBe(0);
    // The write: its diff, coloured on a terminal, then the options by name with their keys.
    expect(result.plain).toContain("Allow Punie to write notes.md?");
    expect(result.plain).toContain("-old line");
    expect(result.plain).toContain("+new line");
    expect(result.output).toContain("\x1b[32m+new line");
    expect(result.plain).toContain("[p] Always allow write_file in this project");
    // The command: its full line, and what "always" would remember.
    expect(result.plain).toContain("$ git status --short");
    expect(result.plain).toContain("[p] Always allow `git status *` in this project");
    expect(result.plain).toContain("[n] Reject");
    expect(await Bun.file(join(t.box.project, "notes.md")).text()).toBe("new line\n");

    const store = openStore({ path: defaultStorePath({ PUNIE_HOME: t.box.home }) });
    try {
      const decisions = store?.use("read", [], (db) => db.query("SELECT tool_name, outcome, wait_ms FROM permission_decisions ORDER BY id").all()) as {
        tool_name: string;
        outcome: string;
        wait_ms: number;
      }[];
      expect(decisions.map((d) => [d.tool_name, d.outcome])).toEqual([
        ["write_file", "allowed_project"],
        ["run_command", "rejected"],
      ]);
      // The time the person took is recorded apart, and not counted as the tool's.
      expect(decisions[0]?.wait_ms).toBeGreaterThanOrEqual(1000);
      const write = store?.use("read", null, (db) => db.query("SELECT duration_ms FROM tool_calls WHERE name = 'write_file'").get()) as { duration_ms: number };
      expect(write.duration_ms).toBeLessThan(decisions[0]?.wait_ms ?? 0);
      const rules = store?.use("read", [], (db) => db.query("SELECT tool, action FROM project_permission_rules").all());
      expect(rules).toEqual([{ tool: "write_file", action: "edit" }]);
    } finally {
      store?.close();
    }
  }, E2E_TIMEOUT_MS);

  test("one key answers at once: no Enter needed, an Enter out of habit does not answer the next question, other keys are named", async () => {
    const result = await askOnTerminal(
      writeThenRun("echo ran"),
      ["update the notes"],
      // The write: "x" picks nothing, then "y" alone; the Enter after it reaches the next question.
      [{ type: ["x", "y", "\r"] }, { type: "a", afterMs: 600 }],
    );
    expect(result.plain).toContain("Answer (y/a/p/n): x\nNot one of the choices above. Answer (y/a/p/n): y\n");
    expect(result.plain).not.toContain("Enter rejects");
    expect(result.plain).toContain("[a] Always allow `echo` for this session\n  [p] Always allow `echo` in this project\n  [n] Reject\nAnswer (y/a/p/n): a\n");
    expect(result.plain).toContain("Done.");
    expect(result.code).toBe(0);
    expect(await Bun.file(join(t.box.project, "notes.md")).text()).toBe("new line\n");
    expect(result.plain).toMatch(/✔ Run echo ran/);
  }, E2E_TIMEOUT_MS);

  test("Ctrl-C at the question cancels the turn (exit 130); once a key answered, the terminal is back in line mode", async () => {
    const atQuestion = await askOnTerminal(
      [{ toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.md", content: "new line\n" } }] }, { text: "Done." }],
      ["update the notes"],
      [{ type: "\x03" }],
      // What the terminal is left in, once punie has ended.
      "stty -a; exit $code",
    );
    expect(atQuestion.code).toBe(130);
    // Read by punie in raw mode, not taken by the terminal's driver: the line ends after it.
    expect(atQuestion.plain).toContain("Answer (y/a/p/n): ^C\n");
    expect(atQuestion.plain).not.toContain("Done.");
    expect(await Bun.file(join(t.box.project, "notes.md")).text()).toBe("old line\n");
    const settings = atQuestion.plain.slice(atQuestion.plain.lastIndexOf("speed "));
    for (const flag of ["icanon", "echo", "isig"]) expect(settings).toMatch(new RegExp(`(^|\\s)${flag}(\\s|$)`, "m"));

    // After the answers, Ctrl-C is the terminal's again: it interrupts the command the answer allowed.
    await t.server?.stop();
    const started = performance.now();
    const afterAnswers = await askOnTerminal(
      writeThenRun("sleep 20"),
      ["update the notes"],
      [{ type: "y" }, { type: ["y", "\x03"] }],
    );
    expect(afterAnswers.code).toBe(130);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(afterAnswers.plain).not.toContain("Done.");
    expect(await Bun.file(join(t.box.project, "notes.md")).text()).toBe("new line\n");
  }, E2E_TIMEOUT_MS);

  test("a spinner counts seconds while the model prefills and shows a running command's output tail", async () => {
    const ticks = "for i in 1 2 3; do echo tick $i; sleep 0.6; done";
    const script: ScriptedReply[] = [
      { toolCalls: [{ id: "c", name: "run_command", arguments: { command: ticks } }], delays: { beforeFirstChunkMs: 2300 } },
      { text: "Ticked." },
    ];
    const result = await askOnTerminal(script, ["--yes", "tick"]);
    expect(result.code).toBe(0);
    expect(result.plain).toContain("Waiting for the model… 0s");
    expect(result.plain).toContain("Waiting for the model… 2s");
    expect(result.plain).toMatch(/Run for i in 1 2 3.*\d+s │ tick 2/);
    expect(result.plain).toContain("Ticked.");

    // On a pipe, and with --json, nothing of it is drawn.
    const quick: ScriptedReply[] = [
      { toolCalls: [{ id: "c", name: "run_command", arguments: { command: "echo tick; sleep 0.3" } }], delays: { beforeFirstChunkMs: 300 } },
      { text: "Ticked." },
    ];
    for (const extra of [[], ["--json"]]) {
      await t.server?.stop();
      t.server = await startScriptedServer({ script: quick, models: ["coder"] });
      const piped = Bun.spawn([...(await agentCommand()), "ask", "--model", `${t.server.url}/coder`, "--yes", ...extra, "tick"], {
        cwd: t.box.project,
        env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0" },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, stderr] = await Promise.all([new Response(piped.stdout).text(), new Response(piped.stderr).text()]);
      expect(await piped.exited).toBe(0);
      expect(stdout + stderr).not.toContain("Waiting for the model");
      expect(stdout + stderr).not.toContain("\x1b[2K");
    }
  }, E2E_TIMEOUT_MS);
});
