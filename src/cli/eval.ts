/**
 * `punie eval`: score a model (or adapter, or setting) on a suite of prompts run through the same
 * agent loop as `punie ask`; list, show and compare stored runs. docs/eval.md
 */
import { type ArgsDef, type CommandDef, defineCommand } from "citty";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";
import { parseCount, parseFraction, parseSeconds } from "./eval-flags.ts";
import { withInterrupt } from "./interrupt.ts";

export const DEFAULT_TIMEOUT_S = 300;

const runArgs = {
  suite: { type: "string", alias: "s", description: "Suite file (JSON or YAML) or built-in suite: tools (default), baseline", valueHint: "NAME|FILE" },
  model: { type: "string", alias: "m", description: "Model spec (env PUNIE_MODEL; `test` runs offline)", valueHint: "SPEC" },
  concurrency: { type: "string", alias: "j", description: "Prompts run at once, each with its own model connection (default 1)", valueHint: "N" },
  repeat: { type: "string", description: "Runs of each prompt; reports mean and standard deviation (default 1)", valueHint: "K" },
  timeout: { type: "string", description: `Per prompt run, in seconds (default ${DEFAULT_TIMEOUT_S}); a timed-out prompt scores 0`, valueHint: "S" },
  output: { type: "string", alias: "o", description: "Write a self-contained HTML report to FILE", valueHint: "FILE" },
  json: { type: "boolean", description: "Print the run as ONE JSON document on stdout" },
  "min-score": { type: "string", description: "Exit 1 when the suite score (0..1) is below X (for CI)", valueHint: "X" },
  keep: { type: "boolean", description: "Keep each prompt's copy of its workspace and print where" },
  resume: { type: "string", description: "Run only the prompts an interrupted run lacks", valueHint: "RUN" },
  server: { type: "boolean", description: "Start a managed mlx_lm server for the run (needs --model-path)" },
  "model-path": { type: "string", description: "Model for --server (path or Hugging Face id)", valueHint: "M" },
  adapter: { type: "string", description: "LoRA adapter folder for --server", valueHint: "A" },
  fuse: { type: "boolean", description: "With --server and --adapter: fuse the adapter into the model first" },
} satisfies ArgsDef;

const lazy = <T>(load: () => Promise<T>) => load;

export const evalCommand = defineCommand({
  meta: {
    name: "eval",
    description: [
      "Score a model on a suite of prompts, each run by the agent on a fresh copy of its project: tools called, answer keywords, a check command (docs/eval.md).",
      "Progress on stderr; --json prints one JSON document on stdout. Exit codes: 0 done, 1 below --min-score / invalid suite / every prompt failed on model errors, 2 a usage mistake (a mistyped flag or a bad value; nothing ran), 130 interrupted (continue with --resume).",
      "Example: punie eval --suite tools --model test --output report.html",
    ].join("\n"),
  },
  args: runArgs,
  subCommands: {
    list: lazy(() => import("./eval-runs.ts").then((m) => m.evalListCommand as unknown as CommandDef)),
    show: lazy(() => import("./eval-runs.ts").then((m) => m.evalShowCommand as unknown as CommandDef)),
    compare: lazy(() => import("./eval-runs.ts").then((m) => m.evalCompareCommand as unknown as CommandDef)),
    grid: lazy(() => import("./eval-grid.ts").then((m) => m.evalGridCommand as unknown as CommandDef)),
  },
  run: cliAction(async ({ args }: { args: Record<string, unknown> & { _: string[] } }) => {
    // citty calls this after a subcommand ran too: a positional means one did.
    if (args._.length > 0) return;
    const flags = args as { [K in keyof typeof runArgs]?: (typeof runArgs)[K]["type"] extends "boolean" ? boolean : string };
    const server = serverRequest(flags);
    if (flags.resume !== undefined && (flags.suite !== undefined || flags.model !== undefined || flags.server)) {
      throw new UsageError(`--resume continues run ${flags.resume} with its own suite and model: leave out --suite, --model and --server.`);
    }
    return withInterrupt(async (signal) => {
      const { runEval } = await import("../eval/run-eval.ts");
      const outcome = await runEval({
        suite: flags.suite,
        model: flags.model,
        server,
        concurrency: parseCount(flags.concurrency, "concurrency", 1),
        repeat: parseCount(flags.repeat, "repeat", 1),
        timeoutMs: parseSeconds(flags.timeout, "timeout", DEFAULT_TIMEOUT_S) * 1000,
        output: flags.output,
        json: flags.json === true,
        minScore: parseFraction(flags["min-score"], "min-score"),
        keep: flags.keep === true,
        resume: flags.resume,
        env: process.env,
        cwd: process.cwd(),
        err: process.stderr,
        out: process.stdout,
        signal,
      });
      return outcome.code;
    });
  }),
});

/** `--server --model-path M [--adapter A [--fuse]]`, checked as a whole; undefined without --server. */
export function serverRequest(flags: { server?: boolean | undefined; model?: string | undefined; "model-path"?: string | undefined; adapter?: string | undefined; fuse?: boolean | undefined }) {
  if (!flags.server) {
    if (flags["model-path"] !== undefined || flags.adapter !== undefined || flags.fuse) throw new UsageError("--model-path, --adapter and --fuse go with --server (a managed mlx_lm server for the run).");
    return undefined;
  }
  if (!flags["model-path"]) throw new UsageError("--server needs --model-path M: the model the managed mlx_lm server loads.");
  if (flags.model !== undefined) throw new UsageError("--server serves --model-path itself: leave out --model.");
  if (flags.fuse && !flags.adapter) throw new UsageError("--fuse needs --adapter A: the adapter to fuse into the model.");
  return { modelPath: flags["model-path"], ...(flags.adapter ? { adapter: flags.adapter } : {}), ...(flags.fuse ? { fuse: true } : {}) };
}
