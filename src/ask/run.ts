/**
 * The terminal front end: a session of the runner on a LocalWorkspace, with events shown on the
 * terminal (or as JSON lines), permission asked on the terminal, and an exit code for scripts.
 */
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { AgentEvent } from "../agent/events.ts";
import type { InstructionMode } from "../agent/instructions.ts";
import { cliConsole } from "../cli/console.ts";
import { CliError } from "../errors.ts";
import { punieHome } from "../home.ts";
import type { Logger } from "../log/logger.ts";
import { openSession } from "../session/runner.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { refuseWithoutTerminal, terminalPermission } from "./terminal-permission.ts";
import { eventJsonLine, EXIT, exitCodeFor, toolEventLine } from "./render.ts";

export type LocalPromptOptions = {
  prompt: string;
  workspace: string;
  model: string | undefined;
  yes: boolean;
  json: boolean;
  instructionMode: InstructionMode;
  perf: boolean;
  env: Record<string, string | undefined>;
};

/** Warnings (a database that cannot be used…) on stderr; the rest is for the log file of the IDE agent. */
const terminalLog: Logger = {
  error: (message) => cliConsole.error(message),
  warn: (message) => cliConsole.warn(message),
  info() {},
  debug: (message) => cliConsole.debug(message),
};

export async function runLocalPrompt(options: LocalPromptOptions): Promise<number> {
  const { env } = options;
  const info = await stat(options.workspace).catch(() => null);
  if (!info?.isDirectory()) throw new CliError(`Workspace ${options.workspace} is not a folder.`);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const askPermission = interactive ? terminalPermission(process.stdin, process.stderr) : refuseWithoutTerminal;
  const workspace = createLocalWorkspace({ root: options.workspace, askPermission });
  const titles = new Map<string, string>();
  const color = process.stderr.isTTY === true && !env.NO_COLOR;
  let endsWithNewline = true;
  const onEvent = (event: AgentEvent) => {
    if (options.json) {
      process.stdout.write(`${eventJsonLine(event)}\n`);
      return;
    }
    if (event.type === "text") {
      process.stdout.write(event.text);
      endsWithNewline = event.text.endsWith("\n");
      return;
    }
    if (event.type === "error") {
      process.stderr.write(`${event.message}\n`);
      return;
    }
    const line = toolEventLine(event, titles, color);
    if (line) {
      if (!endsWithNewline) process.stdout.write("\n");
      endsWithNewline = true;
      process.stderr.write(`${line}\n`);
    }
  };
  const session = await openSession({
    source: "ask",
    workspace,
    env,
    log: terminalLog,
    instructions: options.instructionMode,
    ...(options.model === undefined ? {} : { modelSpec: options.model }),
    // --yes is the auto mode: edits inside the workspace and commands started in it are allowed;
    // deny rules still apply, and what auto still asks (a line that cannot be parsed while deny
    // rules exist) is asked on the terminal, or refused without one.
    ...(options.yes ? { mode: "auto" as const } : {}),
    onEvent,
  });

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const result = await session.prompt(options.prompt, { signal: controller.signal });
    if (!options.json && !endsWithNewline) process.stdout.write("\n");
    if (options.json) process.stdout.write(`${JSON.stringify({ type: "done", stopReason: result.stopReason, usage: result.usage, ...(result.error ? { error: result.error } : {}) })}\n`);
    if (options.perf) {
      const { renderTurnReport } = await import("../perf/index.ts");
      const dir = join(punieHome(env), "perf");
      await mkdir(dir, { recursive: true });
      const file = join(dir, `ask-${new Date().toISOString().replaceAll(":", "-")}.html`);
      await Bun.write(file, renderTurnReport(result.record));
      cliConsole.info(`Performance report: ${file}`);
    }
    if (result.stopReason === "max_turn_requests") cliConsole.warn("Stopped: too many model requests for one prompt.");
    if (result.stopReason === "max_tokens") cliConsole.warn("Stopped: the model reached its output token limit.");
    return controller.signal.aborted ? EXIT.interrupted : exitCodeFor(result.stopReason, result.error);
  } finally {
    process.off("SIGINT", onSigint);
    await session.close();
  }
}
