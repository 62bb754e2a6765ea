/**
 * `punie dataset ...`: flags and printing only; the work is in dataset/. Results go to stdout
 * (`--json` for machines), progress and warnings to stderr.
 */
import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { formatPercent } from "../format.ts";
import { cliAction } from "./action.ts";
import { isTerminal } from "./is-terminal.ts";
import { UsageError } from "./strict.ts";

/**
 * Problems in the input go to stderr as they are found. Plain writes: the dataset commands stream
 * big files, and loading a console library would cost more than a small file's whole run.
 */
function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

const json = { type: "boolean", description: "Print the result as JSON", default: false } as const;
const force = { type: "boolean", description: "Overwrite existing outputs", default: false } as const;
const strict = { type: "boolean", description: "Stop at the first broken line instead of skipping it", default: false } as const;
const output = { type: "string", alias: "o", description: "Output path", required: true, valueHint: "PATH" } as const;

// console.log, not process.stdout: touching process.stdout/stderr sets up Node streams, ~10 ms
// that matter when a small dataset takes less than that to check.
const print = (text: string) => console.log(text);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

/** A flag value the dataset code refuses (--ratios, --min-python, --language) is a usage mistake: exit 2. */
function flagValue<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof Error ? new UsageError(error.message) : error;
  }
}

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} ${value}: expected a whole number`);
  return n;
}

/**
 * PUNIE_DATASET_THREADS caps the worker threads of validate and stats (1: none);
 * PUNIE_DATASET_PARALLEL_MIN_BYTES sets the file size from which they are used (tests lower it).
 */
function threadOption(): { threads?: number; parallelMinBytes?: number } {
  const threads = int(process.env.PUNIE_DATASET_THREADS, "PUNIE_DATASET_THREADS");
  const minBytes = int(process.env.PUNIE_DATASET_PARALLEL_MIN_BYTES, "PUNIE_DATASET_PARALLEL_MIN_BYTES");
  return { ...(threads === undefined ? {} : { threads }), ...(minBytes === undefined ? {} : { parallelMinBytes: minBytes }) };
}

/**
 * A throttled one-line progress indicator, only for big inputs and when stderr is a terminal
 * (asked without `process.stderr`, whose Node stream set-up costs ~20 ms when nobody watches).
 */
function progress(label: string, totalBytes: number): { update(bytes: number): void; done(): void } {
  if (totalBytes < 20e6 || !isTerminal(2)) return { update() {}, done() {} };
  let last = 0;
  return {
    update(bytes) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const pct = totalBytes > 0 ? ` ${formatPercent(Math.min(1, bytes / totalBytes), 0)}` : "";
      process.stderr.write(`\r${label}${pct} (${(bytes / 1e6).toFixed(0)} MB)`);
    },
    done: () => process.stderr.write("\r\x1b[K"),
  };
}

const validate = defineCommand({
  meta: {
    name: "validate",
    description:
      "Check a dataset directory (train/valid/test.jsonl) or one .jsonl file the way mlx_lm reads it; every problem as file:line: reason, exit 1 if any.\nExample: punie dataset validate data/",
  },
  args: {
    path: { type: "positional", description: "Dataset directory or .jsonl file", required: true },
    "batch-size": { type: "string", description: "Fewest lines per file (mlx_lm's batch size)", default: "4", valueHint: "N" },
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ validateDataset }, { formatProblem }, { renderValidation }, { totalBytes }] = await Promise.all([
      import("../dataset/validate.ts"), import("../dataset/rows.ts"), import("../dataset/render.ts"), import("../dataset/cli-support.ts"),
    ]);
    const problems: string[] = [];
    const bar = progress("validating", totalBytes(args.path));
    const report = await validateDataset(args.path, {
      batchSize: int(args["batch-size"], "--batch-size") ?? 4,
      ...threadOption(),
      onProblem: (p) => (args.json ? problems.length < 10_000 && problems.push(formatProblem(p)) : print(formatProblem(p))),
      onProgress: bar.update,
    });
    bar.done();
    if (args.json) printJson({ ...report, problemList: problems });
    else print(renderValidation(report));
    return report.ok ? 0 : 1;
  }),
});

const stats = defineCommand({
  meta: {
    name: "stats",
    description:
      "Per split: examples, formats, messages per example, roles, estimated tokens (characters / 4), tool usage, exact duplicates.\nExample: punie dataset stats data/ --json",
  },
  args: {
    path: { type: "positional", description: "Dataset directory or .jsonl file", required: true },
    tokenizer: { type: "string", description: "A tokenizer.json for exact token counts (tokenizer_config.json beside it is read too)", valueHint: "FILE" },
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ datasetStats }, { formatProblem }, { renderStats }] = await Promise.all([
      import("../dataset/stats.ts"), import("../dataset/rows.ts"), import("../dataset/render.ts"),
    ]);
    const report = await datasetStats(args.path, {
      onBroken: (p) => warn(formatProblem(p)),
      ...threadOption(),
      ...(args.tokenizer ? { tokenizer: args.tokenizer } : {}),
    });
    if (args.json) printJson(report);
    else print(renderStats(report));
  }),
});

const filter = defineCommand({
  meta: {
    name: "filter",
    description:
      "Write a cleaned copy of a dataset (directory → directory, .jsonl → .jsonl) and report what was removed and why.\nExample: punie dataset filter data/ -o clean/ --language en --min-python 3.12 --quality --dedup",
  },
  args: {
    input: { type: "positional", description: "Dataset directory or .jsonl file", required: true },
    output,
    language: { type: "string", description: "Keep rows whose prose is in this language (en, fr, or ISO 639-3 like eng)", valueHint: "LANG" },
    "min-python": { type: "string", description: "Drop Python 2 code and code using modules/APIs removed by this version, e.g. 3.12 (needs a Python at least this new)", valueHint: "3.Y" },
    "min-messages": { type: "string", description: "Drop examples with fewer messages", valueHint: "N" },
    "max-tokens": { type: "string", description: "Drop examples over this many estimated tokens (characters / 4)", valueHint: "N" },
    quality: { type: "boolean", description: "Drop invalid rows, empty messages, non-assistant endings and short final answers", default: false },
    "min-length": { type: "string", description: "Shortest final answer --quality keeps, in characters", default: "20", valueHint: "N" },
    dedup: { type: "boolean", description: "Drop exact and whitespace-only duplicates", default: false },
    "require-tools": { type: "boolean", description: "Keep only examples with tool calls", default: false },
    removed: { type: "string", description: "Write dropped rows here as JSONL, each with its reason", valueHint: "FILE" },
    python: { type: "string", description: "Python used by --min-python (default: PUNIE_PYTHON, ./.venv/bin/python, python3 or python3.Y on PATH)", valueHint: "PATH" },
    force,
    strict,
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ filterDataset }, { formatProblem }, { renderFilter }, { totalBytes, parseMinPython }] = await Promise.all([
      import("../dataset/filter.ts"), import("../dataset/rows.ts"), import("../dataset/render.ts"), import("../dataset/cli-support.ts"),
    ]);
    const minPython = args["min-python"] === undefined ? undefined : flagValue(() => parseMinPython(args["min-python"] as string));
    if (args.language !== undefined) {
      const language = args.language;
      const { checkLanguageCode } = await import("../dataset/language.ts");
      flagValue(() => checkLanguageCode(language));
    }
    // The parser must know the syntax it judges: an older Python would call valid new code "Python 2".
    const python = minPython === undefined ? undefined : await pythonAtLeast(minPython, args.python);
    const bar = progress("filtering", totalBytes(args.input));
    const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
    const report = await filterDataset(args.input, args.output, {
      ...optional("language", args.language),
      ...optional("minPython", minPython),
      ...optional("python", python),
      ...optional("minMessages", int(args["min-messages"], "--min-messages")),
      ...optional("maxTokens", int(args["max-tokens"], "--max-tokens")),
      ...optional("removedPath", args.removed),
      quality: args.quality,
      minLength: int(args["min-length"], "--min-length") ?? 20,
      dedup: args.dedup,
      requireTools: args["require-tools"],
      force: args.force,
      strict: args.strict,
      onProblem: (p) => warn(formatProblem(p)),
      onProgress: bar.update,
    });
    bar.done();
    if (args.json) printJson(report);
    else print(renderFilter(report));
  }),
});

/** The resolver's Python of at least 3.<minor> (python3.Y tried too); none is a one-line error. */
async function pythonAtLeast(minor: number, flag: string | undefined): Promise<string> {
  const { resolvePythonAtLeast } = await import("../python/resolve.ts");
  const found = await resolvePythonAtLeast([3, minor], { python: flag, folder: process.cwd() });
  if (!found.ok) throw new CliError(`--min-python 3.${minor}: ${found.message}.`);
  return found.python.path;
}

const merge = defineCommand({
  meta: {
    name: "merge",
    description:
      "Merge dataset directories split by split, dropping duplicates and tagging each example with a \"source\" key (the input directory's name).\nExample: punie dataset merge data/a data/b -o data/all",
  },
  args: { dirs: { type: "positional", description: "Dataset directories", required: true, valueHint: "DIR..." }, output, force, strict, json },
  run: cliAction(async ({ args }) => {
    const [{ mergeDatasets }, { formatProblem }, { renderMerge }] = await Promise.all([
      import("../dataset/merge.ts"), import("../dataset/rows.ts"), import("../dataset/render.ts"),
    ]);
    const dirs = args._.map(String);
    const report = await mergeDatasets(dirs, args.output, { force: args.force, strict: args.strict, onProblem: (p) => warn(formatProblem(p)) });
    if (args.json) printJson(report);
    else print(renderMerge(report));
  }),
});

const split = defineCommand({
  meta: {
    name: "split",
    description:
      "Split one .jsonl into OUT/train.jsonl, valid.jsonl, test.jsonl: seeded shuffle, exact counts (remainder to train), deterministic.\nExample: punie dataset split all.jsonl -o data/ --ratios 0.8,0.1,0.1 --seed 42",
  },
  args: {
    file: { type: "positional", description: "The .jsonl file", required: true },
    output,
    ratios: { type: "string", description: "train,valid,test fractions", default: "0.8,0.1,0.1", valueHint: "T,V,T" },
    seed: { type: "string", description: "Shuffle seed", default: "0", valueHint: "N" },
    force,
    strict,
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ splitFile, parseRatios }, { formatProblem }] = await Promise.all([import("../dataset/split.ts"), import("../dataset/rows.ts")]);
    const report = await splitFile(args.file, args.output, {
      ratios: flagValue(() => parseRatios(args.ratios)),
      seed: int(args.seed, "--seed") ?? 0,
      force: args.force,
      strict: args.strict,
      onProblem: (p) => warn(formatProblem(p)),
    });
    if (args.json) printJson(report);
    else print(`${report.total} examples → train ${report.counts.train}, valid ${report.counts.valid}, test ${report.counts.test}`);
  }),
});

const sample = defineCommand({
  meta: {
    name: "sample",
    description: "Write Punie's built-in synthetic dataset (chat + tools-format examples of Punie's own tools).\nExample: punie dataset download sample -o data/sample",
  },
  args: { output, force, json },
  run: cliAction(async ({ args }) => {
    const { writeSampleDataset } = await import("../dataset/sample.ts");
    const counts = await writeSampleDataset(args.output, args.force);
    if (args.json) printJson({ output: args.output, counts });
    else print(`${args.output}: ${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(", ")}`);
  }),
});

const hf = defineCommand({
  meta: {
    name: "hf",
    description:
      "Stream rows from the Hugging Face datasets-server, map them to chat examples and write train/valid/test (resumes an interrupted download; HF_TOKEN for gated sets).\nExample: punie dataset download hf code-search-net/code_search_net --config python --split train --max 5000 --map codesearchnet-python -o data/csn",
  },
  args: {
    dataset: { type: "positional", description: "Dataset id, e.g. code-search-net/code_search_net", required: true },
    config: { type: "string", description: "Dataset config", default: "default", valueHint: "NAME" },
    split: { type: "string", description: "Dataset split", default: "train", valueHint: "NAME" },
    max: { type: "string", description: "Rows to fetch at most", valueHint: "N" },
    map: { type: "string", description: "Row mapping preset (codesearchnet-python, pass-through)", default: "codesearchnet-python", valueHint: "PRESET" },
    output,
    ratios: { type: "string", description: "train,valid,test fractions (directory output)", default: "0.8,0.1,0.1", valueHint: "T,V,T" },
    seed: { type: "string", description: "Shuffle seed for the split", default: "0", valueHint: "N" },
    "page-size": { type: "string", description: "Rows per request (at most 100)", default: "100", valueHint: "N" },
    force,
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ downloadHf, HF_ENDPOINT }, { parseRatios }] = await Promise.all([import("../dataset/hf-download.ts"), import("../dataset/split.ts")]);
    const max = int(args.max, "--max");
    const token = process.env.HF_TOKEN;
    const report = await downloadHf({
      dataset: args.dataset,
      config: args.config,
      split: args.split,
      preset: args.map,
      output: args.output,
      ...(max === undefined ? {} : { max }),
      ...(token ? { token } : {}),
      ratios: flagValue(() => parseRatios(args.ratios)),
      seed: int(args.seed, "--seed") ?? 0,
      force: args.force,
      endpoint: process.env.PUNIE_HF_ENDPOINT || HF_ENDPOINT,
      pageSize: int(args["page-size"], "--page-size") ?? 100,
      retries: int(process.env.PUNIE_HF_RETRIES, "PUNIE_HF_RETRIES") ?? 5,
      backoffMs: int(process.env.PUNIE_HF_BACKOFF_MS, "PUNIE_HF_BACKOFF_MS") ?? 1000,
      onProgress: (s) => process.stderr.isTTY && process.stderr.write(`\rrows ${s.offset}/${Number.isFinite(s.total) ? s.total : "?"}`),
      onRetry: (message) => warn(message),
    });
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
    if (args.json) printJson(report);
    else print(`${report.rows} rows fetched${report.resumedFrom ? ` (resumed at ${report.resumedFrom})` : ""}, ${report.written} examples written, ${report.skipped} rows skipped → ${report.outputs.join(", ")}`);
  }),
});

const download = defineCommand({
  meta: { name: "download", description: "Get a dataset: the built-in sample or rows from Hugging Face.\nExample: punie dataset download sample -o data/sample" },
  subCommands: { sample, hf },
});

const exportCommand = defineCommand({
  meta: {
    name: "export",
    description:
      "Turn your accepted Punie turns (ended end_turn, every tool call completed, nothing rejected) into tools-format examples, each with the session's earlier turns as context. Sessions of the offline test model are skipped unless asked for; eval sessions never.\nExample: punie dataset export -o mine.jsonl --since 7d -w .",
  },
  args: {
    output,
    since: { type: "string", description: "Only turns since: a span (30m, 24h, 7d, 2w) or a date (2026-01-31)", valueHint: "WHEN" },
    workspace: { type: "string", alias: "w", description: "Only sessions of this project directory", valueHint: "DIR" },
    context: { type: "string", description: "full: each example carries the session's earlier turns; turn: the turn alone", default: "full", valueHint: "full|turn" },
    "max-tokens": { type: "string", description: "Token budget per example: earlier turns are dropped oldest first to fit; a turn alone over it is skipped", default: "8192", valueHint: "N" },
    tokenizer: { type: "string", description: "A tokenizer.json for exact counts (default: characters / 4)", valueHint: "FILE" },
    "include-test-model": { type: "boolean", description: "Also export sessions of the offline test model" },
    db: { type: "string", description: "The Punie database (default $PUNIE_HOME/punie.db or ~/.punie/punie.db)", valueHint: "FILE" },
    force,
    json,
  },
  run: cliAction(async ({ args }) => {
    const [{ exportSessions }, { parseSince }, { defaultStorePath }, { resolve }] = await Promise.all([
      import("../dataset/export.ts"), import("../duration.ts"), import("../store/open.ts"), import("node:path"),
    ]);
    if (args.context !== "full" && args.context !== "turn") throw new UsageError(`punie dataset export: --context must be full or turn, not "${args.context}"`);
    const maxTokens = int(args["max-tokens"], "--max-tokens");
    if (maxTokens === 0) throw new UsageError("punie dataset export: --max-tokens must be more than 0");
    const tokenCounter = args.tokenizer ? await (await import("../dataset/tokens.ts")).loadTokenCounter(args.tokenizer) : undefined;
    const report = await exportSessions({
      storePath: args.db ?? defaultStorePath(process.env),
      output: args.output,
      force: args.force,
      context: args.context,
      includeTestModel: args["include-test-model"] === true,
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(tokenCounter ? { tokenCounter } : {}),
      ...(args.since === undefined ? {} : { since: parseSince(args.since, Date.now()) }),
      ...(args.workspace === undefined ? {} : { cwd: resolve(args.workspace) }),
    });
    if (args.json) printJson(report);
    else {
      const skipped = Object.entries(report.skipped).map(([r, n]) => `${r} ${n}`).join(", ");
      print(`${report.exported} of ${report.turns} turns exported to ${report.output}${skipped ? ` (skipped: ${skipped})` : ""}`);
    }
  }),
});

export const datasetCommand = defineCommand({
  meta: {
    name: "dataset",
    description: "Check, clean, combine, split and download mlx_lm training data (JSONL), streaming any size.\nExample: punie dataset validate data/",
  },
  subCommands: { validate, stats, filter, merge, split, download, export: exportCommand },
});
