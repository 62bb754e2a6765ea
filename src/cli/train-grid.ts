/** `punie train grid` and `punie train bench`: flags and printing; the work is in src/train/. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand } from "citty";
import { cliAction } from "./action.ts";
import { parseNumberList } from "./lists.ts";
import { UsageError } from "./strict.ts";
import { mlxPython, modelPath, openRunStore, progressMode, reportOutcome } from "./train.ts";
import { jsonArg, modelArg, pythonArg, settingArgs, settingFlags } from "./train-args.ts";

const stderr = (text: string) => void process.stderr.write(text);
const stdout = (text: string) => void process.stdout.write(text);

export const gridCommand = defineCommand({
  meta: {
    name: "grid",
    description: [
      "Train one adapter per combination of learning rates and ranks (and batch sizes), ranked by validation loss.",
      "Each run goes to DIR/<name>/ (e.g. lr1e-05-r8); the table comes best first and DIR/grid.html shows the curves.",
      "Run the same command again to resume: finished runs are skipped, an interrupted one continues from its checkpoint.",
      "Example: punie train grid data/ -m mlx-community/Qwen2.5-Coder-1.5B-Instruct-4bit -o grid/ --learning-rates 1e-5,5e-5 --ranks 8,16 --iters 300",
    ].join("\n"),
  },
  args: {
    data: { type: "positional", description: "Data folder with train.jsonl and valid.jsonl", required: false, valueHint: "DATA_DIR" },
    ...modelArg,
    output: { type: "string", alias: "o", description: "Folder for the runs and grid.html", valueHint: "DIR" },
    "learning-rates": { type: "string", description: "Learning rates to try, comma-separated", valueHint: "LR,LR" },
    ranks: { type: "string", description: "LoRA ranks to try, comma-separated", valueHint: "R,R" },
    "batch-sizes": { type: "string", description: "Batch sizes to try, comma-separated (default: --batch-size)", valueHint: "N,N" },
    grid: { type: "string", description: "YAML with learning_rates, ranks, batch_sizes (comma lists) and any setting", valueHint: "FILE.yaml" },
    suite: { type: "string", alias: "s", description: "Rank by this eval suite's score instead (each adapter served by a managed mlx_lm server; docs/eval.md)", valueHint: "NAME|FILE" },
    fuse: { type: "boolean", description: "With --suite: fuse each adapter into the model before serving it" },
    ...settingArgs,
    ...pythonArg,
    ...jsonArg,
  },
  run: cliAction(async ({ args }) => {
    const [{ parseSimpleYaml }, { resolveSettings, TrainConfigError }, { gridCombos, runGrid }, { createProgressView }] = await Promise.all([
      import("../train/yaml.ts"),
      import("../train/config.ts"),
      import("../train/grid.ts"),
      import("../train/progress.ts"),
    ]);
    let file: Record<string, unknown> = {};
    if (args.grid) {
      if (!existsSync(args.grid)) throw new UsageError(`punie train grid: --grid ${args.grid}: no such file`);
      file = parseSimpleYaml(await Bun.file(args.grid).text());
    }
    const { learning_rates, ranks, batch_sizes, model: fileModel, data: fileData, output: fileOutput, ...fileSettings } = file;
    const model = args.model ?? (typeof fileModel === "string" ? fileModel : undefined);
    const data = args.data ?? (typeof fileData === "string" ? fileData : undefined);
    const output = args.output ?? (typeof fileOutput === "string" ? fileOutput : undefined);
    if (!data) throw new UsageError("punie train grid: missing DATA_DIR");
    if (!model) throw new UsageError("punie train grid: missing --model (-m) M");
    if (!output) throw new UsageError("punie train grid: missing --output (-o) DIR");
    // A --grid file's lists are YAML numbers or comma strings; an empty key (null) is no list.
    const list = (flag: string, fromFile: unknown, example: string) => parseNumberList((args[flag] as string | undefined) ?? ((fromFile ?? undefined) as string | number | undefined), flag, { positive: true, example });
    const learningRates = list("learning-rates", learning_rates, "1e-5,5e-5");
    const rankList = list("ranks", ranks, "8,16");
    const batchSizes = list("batch-sizes", batch_sizes, "2,4");
    if (!learningRates || !rankList) throw new UsageError("punie train grid: give --learning-rates and --ranks (or a --grid file)");
    let base;
    try {
      base = resolveSettings(fileSettings, settingFlags(args), args.grid ?? "grid file");
    } catch (error) {
      if (error instanceof TrainConfigError) throw new UsageError(`punie train grid: ${error.message}`);
      throw error;
    }
    if (args.fuse && !args.suite) throw new UsageError("punie train grid: --fuse goes with --suite (how each adapter is served for scoring)");
    const combos = gridCombos(base, { learningRates, ranks: rankList.map(Math.round), batchSizes: batchSizes?.map(Math.round) });
    const python = await mlxPython(args.python);
    const { checkTrainingData } = await import("../train/data-check.ts");
    const dataDir = resolve(data);
    await checkTrainingData(dataDir, { batchSize: Math.max(...combos.map((c) => c.settings.batchSize)), test: base.test });
    const store = await openRunStore();
    // Loaded before the grid runs: after a Ctrl-C the process exits once the grid is recorded,
    // and the lines below must be printed by then (a module loaded only now could come too late).
    const { formatGridTable } = await import("../train/table.ts");
    try {
      const result = await runGrid({
        model: modelPath(model),
        data: dataDir,
        output: resolve(output),
        combos,
        dataChecked: true,
        python,
        env: process.env,
        cwd: process.cwd(),
        store,
        ...(args.suite ? { scorer: await suiteScorerFor(args.suite, args.fuse === true) } : {}),
        view: (total, startIteration) => createProgressView(progressMode(args.json), { total, startIteration, stderr, stdout }),
        onCombo: (combo, index, action) =>
          stderr(`[${index + 1}/${combos.length}] ${combo.name}${action === "skip" ? ": finished already, skipped" : action === "resume" ? ": resuming" : ""}\n`),
      });
      if (args.json) stdout(`${JSON.stringify({ type: "grid", interrupted: result.interrupted, report: result.reportPath, runs: result.rows.map((r) => ({ name: r.name, ...r.values, status: r.record?.status ?? null, score: r.score })) })}\n`);
      else stdout(`${formatGridTable(result.rows, args.suite ? "suite score" : "val loss")}\n`);
      stderr(`Report: ${result.reportPath}\n`);
      if (result.interrupted) {
        stderr(`Interrupted: run the same command again to resume (finished runs are skipped).\n`);
        return 130;
      }
      const failed = result.rows.filter((r) => r.record?.status === "failed");
      if (failed.length > 0) {
        stderr(`${failed.length} run${failed.length === 1 ? "" : "s"} failed: see ${failed.map((r) => join(resolve(output), r.name, "train.log")).join(", ")}\n`);
        return 1;
      }
      return 0;
    } finally {
      store?.close();
    }
  }),
});

/** The eval suite as the grid's scorer; the suite is checked now, before any training. */
async function suiteScorerFor(suite: string, fuse: boolean) {
  const [{ openSuite }, { suiteScorer }] = await Promise.all([import("../eval/builtin.ts"), import("../eval/train-scorer.ts")]);
  await (await openSuite(suite)).dispose();
  return suiteScorer({ suite, fuse, concurrency: 1, timeoutMs: 300_000, env: process.env, cwd: process.cwd(), err: process.stderr });
}

export const benchCommand = defineCommand({
  meta: {
    name: "bench",
    description: "Measure training speed on this Mac: a generated dataset, a short run (stored like any), then s/iter, tokens/s and peak memory.\nExample: punie train bench -m mlx-community/Qwen2.5-Coder-1.5B-Instruct-4bit",
  },
  args: {
    ...modelArg,
    iters: { type: "string", description: "Iterations (default 20)", valueHint: "N" },
    "batch-size": { type: "string", description: "Examples per step (default 4)", valueHint: "N" },
    rank: settingArgs.rank,
    "num-layers": settingArgs["num-layers"],
    "max-seq-length": settingArgs["max-seq-length"],
    "grad-checkpoint": settingArgs["grad-checkpoint"],
    output: { type: "string", alias: "o", description: "Where the run goes (default ~/.punie/bench/<time>)", valueHint: "DIR" },
    ...pythonArg,
    ...jsonArg,
  },
  run: cliAction(async ({ args }) => {
    if (!args.model) throw new UsageError("punie train bench: missing --model (-m) M");
    const [{ resolveSettings, TrainConfigError }, { runBench }, { createProgressView }, { punieHome }] = await Promise.all([
      import("../train/config.ts"),
      import("../train/bench.ts"),
      import("../train/progress.ts"),
      import("../home.ts"),
    ]);
    const iters = args.iters ?? "20";
    let settings;
    try {
      settings = resolveSettings({}, { ...settingFlags(args), iters, stepsPerReport: Math.max(1, Math.floor(Number(iters) / 5)) || 1, stepsPerEval: iters, saveEvery: iters, valBatches: 2 }, "bench");
    } catch (error) {
      if (error instanceof TrainConfigError) throw new UsageError(`punie train bench: ${error.message}`);
      throw error;
    }
    const python = await mlxPython(args.python);
    const output = resolve(args.output ?? join(punieHome(process.env), "bench", new Date().toISOString().replaceAll(":", "-").slice(0, 19)));
    const store = await openRunStore();
    try {
      const result = await runBench({
        model: modelPath(args.model),
        output,
        settings,
        python,
        env: process.env,
        cwd: process.cwd(),
        store,
        view: (total, startIteration) => createProgressView(progressMode(args.json), { total, startIteration, stderr, stdout }),
      });
      if (result.record.status !== "finished") return reportOutcome(result.outcome, "punie train");
      const line = {
        type: "bench",
        id: result.record.id,
        model: result.record.model,
        iters: settings.iters,
        batchSize: settings.batchSize,
        secondsPerIter: result.secondsPerIter,
        tokensPerSec: result.tokensPerSec,
        peakMemGb: result.peakMemGb,
      };
      if (args.json) stdout(`${JSON.stringify(line)}\n`);
      else
        stdout(
          `${args.model}: ${line.secondsPerIter === null ? "–" : line.secondsPerIter.toFixed(3)} s/iter, ${line.tokensPerSec === null ? "–" : Math.round(line.tokensPerSec)} tokens/s, peak memory ${line.peakMemGb === null ? "– (not reported by this mlx_lm)" : `${line.peakMemGb.toFixed(2)} GB`} (batch ${settings.batchSize}, run ${result.record.id})\n`,
        );
      return 0;
    } finally {
      store?.close();
    }
  }),
});
