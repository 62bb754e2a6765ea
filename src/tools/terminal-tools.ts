/** The four tools that work on a background terminal started by run_command. */
import { formatRun, waitOrKill } from "./run-command.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";

const parameters = lazySchema((z) =>
  z.object({
    terminal_id: z.string().min(1).describe("The terminal_id returned by run_command with background: true"),
  }),
);

export const getTerminalOutputTool = defineTool({
  name: "get_terminal_output",
  description: "Get the output so far of a background command, and its exit status if it has ended.",
  get parameters() {
    return parameters();
  },
  kind: "read",
  title: (args) => `Output of terminal ${args.terminal_id}`,
  async execute(args, { workspace }) {
    const { output, truncated, exitStatus } = await workspace.terminalOutput(args.terminal_id);
    const status = exitStatus ? formatRun(exitStatus, output, truncated, false) : `Still running.\n${output || "(no output yet)"}`;
    return { output: status, content: [{ type: "terminal", terminalId: args.terminal_id, output: status }] };
  },
});

export const waitForTerminalExitTool = defineTool({
  name: "wait_for_terminal_exit",
  description: "Wait until a background command exits; returns its exit status and output.",
  get parameters() {
    return parameters();
  },
  kind: "execute",
  title: (args) => `Wait for terminal ${args.terminal_id}`,
  async execute(args, { workspace, signal }) {
    const exit = await waitOrKill(workspace, args.terminal_id, signal);
    const { output, truncated } = await workspace.terminalOutput(args.terminal_id);
    const result = formatRun(exit, output, truncated, signal.aborted);
    // Stopped by a cancel, the command was killed: the call failed.
    return { output: result, content: [{ type: "terminal", terminalId: args.terminal_id, output: result }], isError: signal.aborted };
  },
});

export const killTerminalTool = defineTool({
  name: "kill_terminal",
  description: "Stop a background command. Its output stays readable until the terminal is released.",
  get parameters() {
    return parameters();
  },
  kind: "execute",
  title: (args) => `Kill terminal ${args.terminal_id}`,
  async execute(args, { workspace }) {
    await workspace.killTerminal(args.terminal_id);
    return { output: `Terminal ${args.terminal_id} killed.` };
  },
});

export const releaseTerminalTool = defineTool({
  name: "release_terminal",
  description: "Release a background terminal when done with it (kills the command if still running).",
  get parameters() {
    return parameters();
  },
  kind: "other",
  title: (args) => `Release terminal ${args.terminal_id}`,
  async execute(args, { workspace }) {
    await workspace.releaseTerminal(args.terminal_id);
    return { output: `Terminal ${args.terminal_id} released.` };
  },
});
