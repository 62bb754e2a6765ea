/**
 * The terminal front end: a session of the runner on a LocalWorkspace, with events shown on the
 * terminal (or as JSON lines), permission asked on the terminal, and an exit code for scripts.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { InstructionMode } from "../agent/instructions.ts";
import { isTerminal } from "../cli/is-terminal.ts";
import { consoleLine, consoleSettled } from "../cli/lazy-console.ts";
import { CliError } from "../errors.ts";
import { punieHome } from "../home.ts";
import { createStdoutWriter, lateStdoutSink } from "../stdout-writer.ts";
import type { Logger } from "../log/logger.ts";
import { onStopSignal, STOP_EXIT_CODES, type StopSignal } from "../process/stop-signals.ts";
import { openSession } from "../session/runner.ts";
import { defaultStorePath, lateStore } from "../store/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { EXIT, exitCodeFor } from "./render.ts";
import { createSpinner, NO_SPINNER } from "./spinner.ts";
import { type AskPermission, refuseWithoutTerminal, terminalPermission } from "./terminal-permission.ts";
import { createTerminalView, type TerminalView } from "./terminal-view.ts";

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

/**
 * Warnings (a database that cannot be used…) on stderr; the rest is for the log file of the IDE
 * agent. Debug lines go through consola, loaded only when one is written.
 */
const terminalLog: Logger = {
  // Plain lines like every command's (consola's badges sit between blank lines).
  error: (message) => process.stderr.write(`punie ask: ${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  info() {},
  debug: (message) => void consoleLine("debug", message),
};

export async function runLocalPrompt(options: LocalPromptOptions): Promise<number> {
  const { env } = options;
  if (!isFolder(options.workspace)) throw new CliError(`Workspace ${options.workspace} is not a folder.`);
  // isTerminal, not process.stdin.isTTY / process.stderr.isTTY: those make node streams (and load
  // node:tty) before anything is asked or printed.
  const stderrIsTerminal = isTerminal(2);
  const interactive = stderrIsTerminal && isTerminal(0);
  const color = stderrIsTerminal && !env.NO_COLOR;
  // The spinner is for people watching a terminal: never on a pipe, never with --json.
  const spinner = stderrIsTerminal && !options.json ? createSpinner(process.stderr, { color }) : NO_SPINNER;
  let view: TerminalView | null = null;
  const askPermission: AskPermission = interactive
    ? (request, signal) => {
        view?.pause();
        return terminalPermission(process.stdin, process.stderr, { color, cwd: workspace.cwd })(request, signal);
      }
    : refuseWithoutTerminal;
  const workspace = createLocalWorkspace({ root: options.workspace, askPermission });
  // The database opens while the model request is on its way (late-store.ts): at the first
  // macrotask after the prompt starts (the request has been sent by then), at the turn's first
  // event, or when closing, whichever comes first. Nothing reads it before.
  const store = lateStore({ path: defaultStorePath(env), log: terminalLog });
  const session = await openSession({
    source: "ask",
    workspace,
    env,
    log: terminalLog,
    store,
    instructions: options.instructionMode,
    ...(options.model === undefined ? {} : { modelSpec: options.model }),
    // --yes is the auto mode: edits inside the workspace and commands started in it are allowed;
    // deny rules still apply, and what auto still asks (a line that cannot be parsed while deny
    // rules exist) is asked on the terminal, or refused without one.
    ...(options.yes ? { mode: "auto" as const } : {}),
    onEvent: (event) => {
      store.open();
      view?.onEvent(event);
    },
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  // The answer goes out in one write per macrotask; stderr lines first send what is held, in order.
  const stdout = createStdoutWriter(lateStdoutSink());
  const stderr = {
    write(text: string) {
      void stdout.flush();
      return process.stderr.write(text);
    },
  };
  view = createTerminalView({ json: options.json, color, spinner, workspace, stdout, stderr });

  const controller = new AbortController();
  // Ctrl-C, SIGTERM and SIGHUP end the turn; closing the session ends every command it started.
  let stoppedBy: StopSignal | null = null;
  const offStop = onStopSignal((signal) => {
    stoppedBy = signal;
    controller.abort();
  });
  try {
    setImmediate(store.open);
    const result = await session.prompt(options.prompt, { signal: controller.signal });
    view.finish();
    if (options.json) stdout.write(`${JSON.stringify({ type: "done", stopReason: result.stopReason, usage: result.usage, ...(result.error ? { error: result.error } : {}) })}\n`);
    await stdout.flush();
    if (options.perf) {
      const [{ renderTurnReport }, { writeHtml }] = await Promise.all([import("../perf/index.ts"), import("../report-file.ts")]);
      const file = join(punieHome(env), "perf", `ask-${new Date().toISOString().replaceAll(":", "-")}.html`);
      await writeHtml(file, renderTurnReport(result.record));
      process.stderr.write(`Report: ${file}\n`);
    }
    if (result.stopReason === "max_turn_requests") process.stderr.write("punie ask: stopped: too many model requests for one prompt.\n");
    if (result.stopReason === "max_tokens") process.stderr.write("punie ask: stopped: the model reached its output token limit.\n");
    if (stoppedBy !== null) return STOP_EXIT_CODES[stoppedBy];
    return controller.signal.aborted ? EXIT.interrupted : exitCodeFor(result.stopReason, result.error);
  } finally {
    view?.finish();
    await stdout.flush();
    offStop();
    await session.close();
    store.close();
    await consoleSettled();
  }
}

/** Sync: one stat on the way to the first request, without a round trip through the thread pool. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
