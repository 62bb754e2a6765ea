/**
 * `punie train DATA_DIR --model M --output DIR` and `train list|show|report|bench|grid`: flags and
 * printing only; the work is in src/train/. A data folder named like a subcommand is given as
 * `./bench`. Human output on stderr; `--json` events and listings on stdout.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import type { MlxPython } from "../mlx/python.ts";
import type { Store } from "../store/open.ts";
import type { ProgressMode } from "../train/progress.ts";
import type { TrainOutcome } from "../train/run.ts";
import { CliError } from "../errors.ts";
import { shutdownExitCode } from "../process/supervisor.ts";
import { cliAction } from "./action.ts";
import { splitList } from "./lists.ts";
import { jsonArg, launchArgs, modelArg, pythonArg, settingArgs, settingFlags } from "./train-args.ts";
import { UsageError } from "./strict.ts";

export const TRAIN_SUBCOMMANDS = ["run", "list", "show", "report", "bench", "grid"] as const;

/** `punie train DATA ...` is `punie train run DATA ...`: any first word that is not a subcommand. */
export function withRunSubcommand(argv: readonly string[]): string[] {
  const [first, second] = argv;
  if (first !== "train" || second === undefined) return [...argv];
  if ((TRAIN_SUBCOMMANDS as readonly string[]).includes(second) || second === "--help" || second === "-h") return [...argv];
  return ["train", "run", ...argv.slice(1)];
}

const env = () => process.env as Record<string, string | undefined>;
const stderr = (text: string) => void process.stderr.write(text);
const stdout = (text: string) => void process.stdout.write(text);

export function progressMode(json: boolean | undefined): ProgressMode {
  return json ? "json" : process.stderr.isTTY ? "bar" : "lines";
}

export async function openRunStore(): Promise<Store | null> {
  const { openStore, defaultStorePath } = await import("../store/open.ts");
  return openStore({ path: defaultStorePath(env()), log: { warn: (message) => stderr(`warning: ${message}\n`) } });
}

export async function mlxPython(python: string | undefined): Promise<MlxPython> {
  const { resolveMlxPython } = await import("../mlx/python.ts");
  return resolveMlxPython({ python, cwd: process.cwd(), env: env() });
}

/**
 * A local model folder is made absolute; a Hugging Face repo name is kept as written. A path that
 * is clearly local (/…, ./…, ../…) and missing is refused now, not after mlx_lm has started.
 */
export function modelPath(model: string): string {
  if (existsSync(model)) return resolve(model);
  if (/^(\/|\.\.?\/|~)/.test(model)) throw new CliError(`--model ${model}: no such folder (give a local model folder or a Hugging Face repo such as mlx-community/Qwen2.5-Coder-7B-Instruct-8bit)`);
  return model;
}

export async function launchFrom(args: { hosts?: string | undefined; hostfile?: string | undefined; backend?: string | undefined }) {
  if (!args.hosts && !args.hostfile && !args.backend) return undefined;
  const { LaunchSchema } = await import("../mlx/launch.ts");
  const parsed = LaunchSchema.safeParse({
    ...(args.hosts ? { hosts: splitList(args.hosts).filter(Boolean) } : {}),
    ...(args.hostfile ? { hostfile: resolve(args.hostfile) } : {}),
    ...(args.backend ? { backend: args.backend } : {}),
  });
  if (!parsed.success) throw new UsageError(`${parsed.error.issues[0]?.message ?? "bad --hosts/--hostfile/--backend"}`);
  return parsed.data;
}

/** The exit code for a run's end, with its message on stderr. */
export function reportOutcome(outcome: TrainOutcome, command: string): number {
  const { record, logTail } = outcome;
  const val = record.curves.val.at(-1)?.loss;
  const train = record.curves.train.at(-1)?.loss;
  const losses = [train == null ? null : `train loss ${train.toFixed(3)}`, val == null ? null : `val loss ${val.toFixed(3)}`].filter(Boolean).join(", ");
  if (record.status === "finished") {
    stderr(`Finished ${record.lastIteration} iterations${losses ? `: ${losses}` : ""} (run ${record.id}).\n`);
    stderr(`Adapter: ${record.output}\nServe it: punie mlx start --model ${record.model} --adapter ${record.output}\n`);
    return 0;
  }
  if (record.status === "interrupted") {
    const checkpoint = record.checkpoints.at(-1);
    stderr(`Interrupted at iteration ${record.lastIteration} of ${record.settings.iters}; ${checkpoint ? `checkpoint ${checkpoint.file} kept` : "no checkpoint was saved yet"}.\n`);
    if (checkpoint) stderr(`Continue: ${command} --resume --output ${record.output}\n`);
    return shutdownExitCode() ?? 130;
  }
  stderr(`${record.error ?? "mlx_lm lora failed"}; last log lines:\n${logTail.map((line) => `  ${line}`).join("\n")}\n`);
  return 1;
}

const runCommand = defineCommand({
  meta: {
    name: "run",
    description: [
      "Train a LoRA adapter with mlx_lm on DATA_DIR (train.jsonl, valid.jsonl): `punie train DATA_DIR` runs this.",
      "The data is checked first; progress shows on stderr; DIR gets the adapter, checkpoints, lora_config.yaml, train.log and training.json.",
      "Ctrl-C stops it and keeps the last checkpoint (exit 130); --resume continues from it.",
      "Example: punie train data/ -m mlx-community/Qwen2.5-Coder-7B-Instruct-4bit -o adapters/coder --iters 600",
    ].join("\n"),
  },
  args: {
    data: { type: "positional", description: "Data folder with train.jsonl and valid.jsonl (one named like a subcommand, e.g. bench: write ./bench)", required: false, valueHint: "DATA_DIR" },
    ...modelArg,
    output: { type: "string", alias: "o", description: "Output folder for the adapter and the run's files", valueHint: "DIR" },
    config: { type: "string", alias: "c", description: "YAML file of settings (flag names, dashes or underscores); flags win", valueHint: "FILE.yaml" },
    resume: { type: "boolean", description: "Continue the run in --output from its last checkpoint" },
    force: { type: "boolean", description: "Start over in an --output that already holds a run" },
    ...settingArgs,
    ...launchArgs,
    ...pythonArg,
    ...jsonArg,
  },
  run: cliAction(async ({ args }) => {
    const [{ resolveSettings, TrainConfigError }, { parseSimpleYaml, YamlSubsetError }, { readRecord }] = await Promise.all([
      import("../train/config.ts"),
      import("../train/yaml.ts"),
      import("../train/files.ts"),
    ]);
    let file: Record<string, unknown> = {};
    if (args.config) {
      const path = resolve(args.config);
      if (!existsSync(path)) throw new UsageError(`punie train: --config ${args.config}: no such file`);
      try {
        file = parseSimpleYaml(await Bun.file(path).text());
      } catch (error) {
        if (error instanceof YamlSubsetError) throw new UsageError(`punie train: ${args.config}: ${error.message}`);
        throw error;
      }
    }
    const { model: fileModel, data: fileData, output: fileOutput, hosts, hostfile, backend, ...fileSettings } = file;
    const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
    const outputDir = args.output ?? text(fileOutput);
    if (!outputDir) throw new UsageError("punie train: missing --output (-o) DIR");
    const output = resolve(outputDir);
    const previous = args.resume ? readRecord(output) : null;
    const model = args.model ?? (typeof fileModel === "string" ? fileModel : undefined) ?? previous?.model;
    const data = args.data ?? (typeof fileData === "string" ? fileData : undefined) ?? previous?.data;
    if (!data) throw new UsageError("punie train: missing DATA_DIR");
    if (!model) throw new UsageError("punie train: missing --model (-m) M");
    let settings;
    try {
      const base = previous ? { ...previous.settings, ...fileSettings } : fileSettings;
      settings = resolveSettings(base, settingFlags(args), args.config ?? "training.json");
    } catch (error) {
      if (error instanceof TrainConfigError) throw new UsageError(`punie train: ${error.message}`);
      throw error;
    }
    const launch = await launchFrom(args.hosts || args.hostfile ? args : { hosts: text(hosts), hostfile: text(hostfile), backend: args.backend ?? text(backend) });
    const python = await mlxPython(args.python);
    const store = await openRunStore();
    const { runTraining } = await import("../train/run.ts");
    const { createProgressView } = await import("../train/progress.ts");
    try {
      const outcome = await runTraining({
        kind: "train",
        model: modelPath(model),
        data: resolve(data),
        output,
        settings,
        launch,
        resume: args.resume === true,
        force: args.force === true,
        python,
        env: env(),
        cwd: process.cwd(),
        store,
        view: (total, startIteration) => {
          if (!args.json) {
            const from = startIteration > 0 ? `resuming at iteration ${startIteration} of ${total}` : `${total} iterations`;
            stderr(`Training ${model} on ${resolve(data)}: ${from}; log ${join(output, "train.log")}\n`);
          }
          return createProgressView(progressMode(args.json), { total, startIteration, stderr, stdout });
        },
      });
      return reportOutcome(outcome, "punie train");
    } finally {
      store?.close();
    }
  }),
});

const lazy = <T>(load: () => Promise<T>) => load;

export const trainCommand = defineCommand({
  meta: {
    name: "train",
    description: [
      "Train LoRA adapters with mlx_lm (macOS, Apple silicon) and keep a record of every run.",
      "punie train DATA_DIR -m MODEL -o DIR [flags] trains (see punie train run --help).",
      "Example: punie train data/ -m mlx-community/Qwen2.5-Coder-7B-Instruct-8bit -o adapters/mine --iters 600",
    ].join("\n"),
  },
  subCommands: {
    run: runCommand,
    list: lazy(() => import("./train-runs.ts").then((m) => m.listCommand)),
    show: lazy(() => import("./train-runs.ts").then((m) => m.showCommand)),
    report: lazy(() => import("./train-runs.ts").then((m) => m.reportCommand)),
    bench: lazy(() => import("./train-grid.ts").then((m) => m.benchCommand)),
    grid: lazy(() => import("./train-grid.ts").then((m) => m.gridCommand)),
  },
});

export { jsonArg };
