/**
 * What `punie ask` shows while a turn runs: the answer streams to stdout, tool calls to stderr, and
 * on a terminal a spinner while the model has not started answering and while a command runs
 * (with its live output tail). With --json, every event as a JSON line instead.
 */
import type { AgentEvent } from "../agent/events.ts";
import type { Workspace } from "../workspace/types.ts";
import { eventJsonLine, toolEventLine } from "./render.ts";
import type { Spinner } from "./spinner.ts";

export const WAITING_FOR_MODEL = "Waiting for the model…";
const TAIL_POLL_MS = 250;

export type TerminalView = {
  onEvent(event: AgentEvent): void;
  /** Before anything else writes to the terminal (a permission question). */
  pause(): void;
  /** After the turn: the spinner goes, the answer ends with a newline. */
  finish(): void;
};

export type TerminalViewOptions = {
  json: boolean;
  color: boolean;
  spinner: Spinner;
  /** Where a running command's output is read for the spinner's tail. */
  workspace: Pick<Workspace, "terminalOutput">;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
};

export function createTerminalView(options: TerminalViewOptions): TerminalView {
  const { stdout, stderr, spinner } = options;
  const titles = new Map<string, string>();
  /** Calls that run a program (commands, test runners): they get a spinner while they run. */
  const executing = new Set<string>();
  let endsWithNewline = true;
  let tailTimer: ReturnType<typeof setInterval> | null = null;
  const stopTail = () => {
    if (tailTimer !== null) clearInterval(tailTimer);
    tailTimer = null;
  };
  const followTerminal = (terminalId: string, title: string) => {
    stopTail();
    spinner.start(title);
    tailTimer = setInterval(() => {
      options.workspace.terminalOutput(terminalId).then(
        ({ output }) => spinner.tail(output.trimEnd().split("\n").at(-1) ?? ""),
        () => stopTail(),
      );
    }, TAIL_POLL_MS);
    tailTimer.unref();
  };
  /** Ends the answer's line before anything else is written (only streamed text leaves one open). */
  const endLine = () => {
    if (!endsWithNewline) stdout.write("\n");
    endsWithNewline = true;
  };
  const quiet = () => {
    stopTail();
    spinner.stop();
    endLine();
  };
  if (!options.json) spinner.start(WAITING_FOR_MODEL);

  return {
    onEvent(event) {
      if (options.json) {
        stdout.write(`${eventJsonLine(event)}\n`);
        return;
      }
      switch (event.type) {
        case "text":
          spinner.stop();
          stdout.write(event.text);
          if (event.text !== "") endsWithNewline = event.text.endsWith("\n");
          return;
        case "error":
          spinner.stop();
          // On its own line, named like every other failure line: not read as part of the answer.
          endLine();
          stderr.write(`punie ask: ${event.message}\n`);
          return;
        case "thought":
          spinner.stop();
          return;
        case "tool_call":
          if (event.kind === "execute") executing.add(event.toolCallId);
          break;
        case "tool_call_update": {
          if (event.status !== "in_progress") break;
          const title = titles.get(event.toolCallId) ?? "Running";
          const terminal = event.content?.find((item) => item.type === "terminal");
          if (terminal?.type === "terminal") followTerminal(terminal.terminalId, title);
          else if (executing.delete(event.toolCallId)) spinner.start(title);
          break;
        }
        default:
          break;
      }
      const line = toolEventLine(event, titles, options.color);
      if (line === null) return;
      quiet();
      stderr.write(`${line}\n`);
      // A finished call goes back to the model: wait for its next answer.
      if (event.type === "tool_call_update") spinner.start(WAITING_FOR_MODEL);
    },
    pause: quiet,
    finish: quiet,
  };
}
