/**
 * The command line: the only place that reads argv and env, prints, and exits (STYLE.md §7).
 * Subcommands load lazily so `punie` (the ACP agent) starts fast.
 */
import { type CommandDef, defineCommand, runCommand } from "citty";
import { VERSION } from "../version.ts";
import { cliAction, setCommandName } from "./action.ts";
import { acpArgs } from "./acp-args.ts";
import type { AcpFlags } from "./agent-flags.ts";
import { USAGE_EXIT } from "./strict.ts";
import { loadZod } from "../zod-loader.ts";

const lazy = <T>(load: () => Promise<T>) => load;
const loadAsk = lazy(() => import("./ask.ts").then((m) => m.askCommand as unknown as CommandDef));

export const mainCommand = defineCommand({
  meta: {
    name: "punie",
    version: VERSION,
    description:
      "Local-first AI coding agent for PyCharm and every ACP client.\n\nWith no subcommand, runs the ACP agent on stdio (what an IDE starts).\nExample: punie --model local:qwen2.5-coder-7b-instruct",
  },
  args: acpArgs,
  subCommands: {
    acp: lazy(() => import("./acp.ts").then((m) => m.acpCommand as unknown as CommandDef)),
    init: lazy(() => import("./init.ts").then((m) => m.initCommand as unknown as CommandDef)),
    ask: loadAsk,
    dataset: lazy(() => import("./dataset.ts").then((m) => m.datasetCommand as unknown as CommandDef)),
    perf: lazy(() => import("./perf.ts").then((m) => m.perfCommand as unknown as CommandDef)),
    eval: lazy(() => import("./eval.ts").then((m) => m.evalCommand as unknown as CommandDef)),
    permissions: lazy(() => import("./permissions.ts").then((m) => m.permissionsCommand as unknown as CommandDef)),
    train: lazy(() => import("./train.ts").then((m) => m.trainCommand as unknown as CommandDef)),
    mlx: lazy(() => import("./mlx.ts").then((m) => m.mlxCommand as unknown as CommandDef)),
    fuse: lazy(() => import("./fuse.ts").then((m) => m.fuseCommand as unknown as CommandDef)),
    serve: lazy(() => import("./serve.ts").then((m) => m.serveCommand as unknown as CommandDef)),
    db: lazy(() => import("./db.ts").then((m) => m.dbCommand as unknown as CommandDef)),
  },
  // Reached only for agent starts main.ts could not read (e.g. `--model` without a value):
  // the same one-line errors as every command.
  run: cliAction(async (context: { args: AcpFlags & { _: string[] } }) => {
    // citty also calls the parent's run after a subcommand ran; a positional here means one did
    // (an unknown one is rejected before this point).
    if (context.args._.length > 0) return;
    const { runAcpFromArgs } = await import("./acp-run.ts");
    await runAcpFromArgs(context.args);
  }),
});

/**
 * Runs a command line: checked strictly against the command tree first (nothing runs on a
 * mistake: one line, exit 2), help and version answered here, then citty runs the command.
 */
export async function runCli(argv: string[]): Promise<void> {
  // `punie train DATA_DIR ...` is `punie train run DATA_DIR ...`.
  if (argv[0] === "train") argv = (await import("./train.ts")).withRunSubcommand(argv);
  const { readInvocation } = await import("./invocation.ts");
  const invocation = await readInvocation(mainCommand as unknown as CommandDef, argv);
  switch (invocation.kind) {
    case "version":
      process.stdout.write(`${invocation.version}\n`);
      return;
    case "help": {
      const { renderUsage } = await import("./usage.ts");
      process.stdout.write(renderUsage({ ...invocation.usage, color: wantsColor(process.stdout.isTTY === true, process.env) }));
      return;
    }
    case "usage-error": {
      if (invocation.usage) {
        const { renderUsage } = await import("./usage.ts");
        process.stderr.write(`${renderUsage({ ...invocation.usage, color: wantsColor(process.stderr.isTTY === true, process.env) })}\n`);
      }
      process.stderr.write(`${invocation.message}\n`);
      process.exit(USAGE_EXIT);
    }
    case "run":
      setCommandName(invocation.command);
      // Commands use zod's schemas synchronously once started; `ask` loads it only when it needs
      // it (a settings file, a tool call), not before an instant answer (zod-loader.ts).
      if (invocation.command !== "punie ask") await loadZod();
      try {
        await runCommand(...(await commandToRun(argv)));
      } catch (error) {
        // citty's own argument errors (should one slip past the strict check) are usage mistakes.
        process.stderr.write(`punie: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(error instanceof Error && error.name === "CLIError" ? USAGE_EXIT : 1);
      }
  }
}

/**
 * `punie ask …` runs the ask command on the words after `ask`, as citty would once it has parsed
 * the agent's own flags, found no run of its own to do, and matched the subcommand: that first
 * pass over the main command's flags is skipped (a cold `punie ask` feels each millisecond).
 */
async function commandToRun(argv: string[]): Promise<[CommandDef, { rawArgs: string[] }]> {
  if (argv[0] !== "ask") return [mainCommand as unknown as CommandDef, { rawArgs: argv }];
  return [await loadAsk(), { rawArgs: argv.slice(1) }];
}

/** ANSI colour only on a terminal, and never with NO_COLOR (no-color.org: any non-empty value). */
export function wantsColor(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== "dumb";
}
