import type { z } from "zod";
import { shellQuote } from "../permissions/always-keys.ts";
import type { ExitStatus, Workspace } from "../workspace/types.ts";
import { displayPath } from "./paths.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";

/** Bytes of command output kept by the terminal (the tail is kept). */
export const TERMINAL_OUTPUT_LIMIT = 64 * 1024;

const parameters = lazySchema((z) =>
  z.object({
    command: z
      .string()
      .min(1)
      .describe("With `args`: one program to run. Without `args`: a shell command line (pipes, && etc. allowed)"),
    args: z.array(z.string()).optional().describe("Arguments for the program in `command`; no shell is involved"),
    cwd: z.string().optional().describe("Directory to run in, relative to the project root (default: the root)"),
    background: z
      .boolean()
      .optional()
      .describe("Start and return at once with a terminal_id (for servers and long jobs) instead of waiting for the exit"),
  }),
);

type RunArgs = z.infer<ReturnType<typeof parameters>>;

/** The command line as people read it. */
export function commandLine(args: Pick<RunArgs, "command" | "args">): string {
  if (!args.args || args.args.length === 0) return args.command;
  return [args.command, ...args.args].map(shellQuote).join(" ");
}

export const runCommandTool = defineTool({
  name: "run_command",
  description:
    "Run a command in the project and return its exit status and output (long output is capped). Asks the user's permission. Use `background: true` for servers or long jobs, then the terminal tools with the returned terminal_id.",
  get parameters() {
    return parameters();
  },
  kind: "execute",
  title: (args, cwd) => `Run ${commandLine(args)}${args.cwd ? ` (in ${displayPath(args.cwd, cwd)})` : ""}`,
  async execute(args, { workspace, permissions, toolCallId, signal, progress }) {
    const cwd = args.cwd ? await workspace.resolvePath(args.cwd) : workspace.cwd;
    const line = commandLine(args);
    await permissions.check({ action: "execute", toolName: "run_command", toolCallId, title: `Run ${line}`, command: line, cwd }, signal);
    const shell = !args.args || args.args.length === 0;
    const terminalId = await workspace.createTerminal({
      command: shell ? "/bin/sh" : args.command,
      args: shell ? ["-c", args.command] : (args.args ?? []),
      cwd,
      outputByteLimit: TERMINAL_OUTPUT_LIMIT,
    });
    progress([{ type: "terminal", terminalId }]);
    if (args.background) {
      return {
        output: `Started in the background with terminal_id ${terminalId}. Use get_terminal_output, wait_for_terminal_exit, kill_terminal and release_terminal with it.`,
        content: [{ type: "terminal", terminalId, output: `Running in the background (terminal_id ${terminalId}).` }],
        rawOutput: { terminalId },
      };
    }
    const exit = await waitOrKill(workspace, terminalId, signal);
    const { output, truncated } = await workspace.terminalOutput(terminalId);
    await workspace.releaseTerminal(terminalId).catch(() => {});
    const cancelled = signal.aborted;
    return {
      output: formatRun(exit, output, truncated, cancelled),
      content: [{ type: "terminal", terminalId }, { type: "text", text: cancelled ? `${CANCELLED}\n${output}` : output }],
      // A command stopped by a cancel did not complete: the call ends failed, saying why.
      isError: cancelled,
      rawOutput: { exitCode: exit?.exitCode ?? null, signal: exit?.signal ?? null, truncated, ...(cancelled ? { cancelled: true } : {}) },
    };
  },
});

/** Waits for the exit; when the prompt is cancelled, kills the process instead. */
export async function waitOrKill(workspace: Workspace, terminalId: string, signal: AbortSignal): Promise<ExitStatus | null> {
  if (signal.aborted) {
    await workspace.killTerminal(terminalId).catch(() => {});
    return null;
  }
  const aborted = new Promise<null>((resolve) =>
    signal.addEventListener(
      "abort",
      () => {
        workspace.killTerminal(terminalId).catch(() => {});
        resolve(null);
      },
      { once: true },
    ),
  );
  const exited = workspace.waitForTerminalExit(terminalId, signal).catch((error: unknown) => {
    if (signal.aborted) return null;
    throw error;
  });
  return Promise.race([exited, aborted]);
}

/** What a command stopped by a cancel says. */
const CANCELLED = "Cancelled by the user; the process was killed.";

export function formatRun(exit: ExitStatus | null, output: string, truncated: boolean, cancelled: boolean): string {
  const status = cancelled
    ? CANCELLED
    : exit?.signal
      ? `Killed by signal ${exit.signal}.`
      : `Exit code: ${exit?.exitCode ?? "unknown"}`;
  const note = truncated ? "\n[Output truncated: only the last part is shown.]" : "";
  return `${status}${note}\n${output === "" ? "(no output)" : output}`;
}
