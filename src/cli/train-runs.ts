/** `punie train list|show|report`: the runs recorded in the database. */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import type { TrainingRecord } from "../train/record.ts";
import { cliAction } from "./action.ts";
import { parseCount } from "./eval-flags.ts";
import { openRunStore } from "./train.ts";
import { jsonDocumentArg } from "./train-args.ts";

const print = (text: string) => void process.stdout.write(`${text}\n`);

/** RUN: an id (or its start) or an output folder. */
async function findRun(key: string): Promise<TrainingRecord> {
  const store = await openRunStore();
  try {
    const { findTrainingRuns } = await import("../store/training-runs.ts");
    let rows = store ? findTrainingRuns(store, key) : [];
    if (rows.length === 0 && store) rows = findTrainingRuns(store, resolve(key));
    if (rows.length === 0) {
      // A folder the database never saw (another machine, a deleted database): its training.json.
      const { readRecord } = await import("../train/files.ts");
      const record = readRecord(resolve(key));
      if (record) return record;
      throw new CliError(`No training run "${key}": see punie train list`);
    }
    const ids = new Set(rows.map((r) => r.id));
    if (ids.size > 1) throw new CliError(`"${key}" matches ${ids.size} runs (${[...ids].join(", ")}): give more of the id`);
    return JSON.parse(rows[0]?.record ?? "{}") as TrainingRecord;
  } finally {
    store?.close();
  }
}

export const listCommand = defineCommand({
  meta: { name: "list", description: "Training runs, newest first.\nExample: punie train list --json" },
  args: { limit: { type: "string", description: "How many runs, newest first (default 50)", valueHint: "N" }, ...jsonDocumentArg },
  run: cliAction(async ({ args }) => {
    // The same --limit as punie eval list: one parser, one message.
    const limit = parseCount(args.limit, "limit", 50);
    const store = await openRunStore();
    const [{ listTrainingRuns }, { formatRunTable, runSummary }] = await Promise.all([import("../store/training-runs.ts"), import("../train/table.ts")]);
    const rows = store ? listTrainingRuns(store, limit) : [];
    store?.close();
    print(args.json ? JSON.stringify(rows.map(runSummary), null, 2) : formatRunTable(rows));
  }),
});

export const showCommand = defineCommand({
  meta: { name: "show", description: "One run: settings, curves' end, checkpoints (--json: its training.json).\nExample: punie train show a1b2" },
  args: { run: { type: "positional", description: "Run id (or its start) or output folder", required: true, valueHint: "RUN" }, ...jsonDocumentArg },
  run: cliAction(async ({ args }) => {
    const record = await findRun(args.run);
    if (args.json) return print(JSON.stringify(record, null, 2));
    const { describeRun } = await import("../train/describe.ts");
    print(describeRun(record));
  }),
});

export const reportCommand = defineCommand({
  meta: { name: "report", description: "Write an HTML report of a run with its loss curves.\nExample: punie train report a1b2 -o run.html" },
  args: {
    run: { type: "positional", description: "Run id (or its start) or output folder", required: true, valueHint: "RUN" },
    output: { type: "string", alias: "o", description: "The HTML file to write", required: true, valueHint: "FILE" },
  },
  run: cliAction(async ({ args }) => {
    const record = await findRun(args.run);
    const [{ renderRunReport }, { writeHtml }] = await Promise.all([import("../train/report.tsx"), import("../report-file.ts")]);
    await writeHtml(args.output, renderRunReport(record));
    process.stderr.write(`Report: ${resolve(args.output)}\n`);
  }),
});
