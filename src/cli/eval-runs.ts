/** `punie eval list|show|compare`: the runs stored in the database. */
import { type ArgsDef, defineCommand } from "citty";
import { formatFixed, formatMs, formatPercent, formatTime } from "../format.ts";
import { alignColumns } from "../perf/table.ts";
import { listEvalRuns } from "../store/index.ts";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";
import { parseCount } from "./eval-flags.ts";
import { openStoreForCli } from "./permissions.ts";

const listArgs = {
  limit: { type: "string", description: "How many runs, newest first (default 20)", valueHint: "N" },
  json: { type: "boolean", description: "Print the runs as JSON" },
} satisfies ArgsDef;

export const evalListCommand = defineCommand({
  meta: { name: "list", description: "Stored eval runs, newest first.\nExample: punie eval list --limit 5" },
  args: listArgs,
  run: cliAction(async ({ args }) => {
    const store = openStoreForCli();
    try {
      const runs = listEvalRuns(store, parseCount(args.limit, "limit", 20));
      if (args.json) {
        process.stdout.write(`${JSON.stringify(runs.map((run) => ({ runId: run.id, suite: run.suite, model: run.model, status: run.status, score: run.score, successRate: run.successRate, startedAt: run.startedAt, durationMs: run.durationMs })))}\n`);
        return;
      }
      if (runs.length === 0) {
        process.stderr.write("No eval runs yet. Try: punie eval --suite tools --model test\n");
        return;
      }
      const rows = runs.map((run) => [run.id, formatTime(run.startedAt), run.suite, run.model, run.status, formatFixed(run.score), formatPercent(run.successRate, 0)]);
      process.stdout.write(`${table([["run", "started", "suite", "model", "status", "score", "success"], ...rows])}\n`);
    } finally {
      store.close();
    }
  }),
});

const showArgs = {
  run: { type: "positional", description: "Run id (a unique prefix will do)", required: true },
  json: { type: "boolean", description: "Print the run as the JSON document `punie eval --json` prints" },
  output: { type: "string", alias: "o", description: "Write the run's HTML report to FILE", valueHint: "FILE" },
} satisfies ArgsDef;

export const evalShowCommand = defineCommand({
  meta: { name: "show", description: "One stored run: per prompt score, parts, steps and time.\nExample: punie eval show 20261201-1715 --output report.html" },
  args: showArgs,
  run: cliAction(async ({ args }) => {
    const { loadRun, summarizeStored } = await import("../eval/runs.ts");
    const store = openStoreForCli();
    try {
      const summary = summarizeStored(loadRun(store, args.run));
      if (args.output) {
        const { writeRunReport } = await import("../eval/report-file.ts");
        await writeRunReport(args.output, summary);
        process.stderr.write(`Report: ${args.output}\n`);
      }
      if (args.json) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      const { formatSummaryLine } = await import("../eval/run-eval.ts");
      const rows = summary.prompts.map((prompt) => [
        prompt.id,
        prompt.category,
        prompt.score.toFixed(2),
        ...(["tools", "keywords", "check"] as const).map((key) => (prompt.parts[key] === undefined ? "–" : (prompt.parts[key] ?? 0).toFixed(2))),
        String(prompt.steps),
        formatMs(prompt.durationMs),
        prompt.error ?? "",
      ]);
      process.stdout.write(`${table([["prompt", "category", "score", "tools", "keywords", "check", "steps", "time", "error"], ...rows])}\n\n${formatSummaryLine(summary)} · ${summary.status}\n`);
    } finally {
      store.close();
    }
  }),
});

const compareArgs = {
  runs: { type: "positional", description: "Two or more run ids; deltas are against the first", required: true, valueHint: "RUN..." },
  json: { type: "boolean", description: "Print the comparison as JSON (with regressions: [{id, from, to}])" },
  output: { type: "string", alias: "o", description: "Write an HTML comparison to FILE", valueHint: "FILE" },
} satisfies ArgsDef;

export const evalCompareCommand = defineCommand({
  meta: { name: "compare", description: "Runs side by side, per-prompt deltas against the first run, regressions first.\nExample: punie eval compare RUN_A RUN_B --output compare.html" },
  args: compareArgs,
  run: cliAction(async ({ args }) => {
    const ids = args._;
    if (ids.length < 2) throw new UsageError("punie eval compare needs at least two run ids (see punie eval list).");
    const { loadRun, summarizeStored } = await import("../eval/runs.ts");
    const { compareRuns, formatComparison } = await import("../eval/compare.ts");
    const store = openStoreForCli();
    try {
      const comparison = compareRuns(ids.map((id) => summarizeStored(loadRun(store, id))));
      if (args.output) {
        const [{ renderCompareReport }, { writeHtml }] = await Promise.all([import("../eval/compare-report.tsx"), import("../report-file.ts")]);
        await writeHtml(args.output, renderCompareReport(comparison));
        process.stderr.write(`Report: ${args.output}\n`);
      }
      if (args.json) process.stdout.write(`${JSON.stringify(comparison)}\n`);
      else process.stdout.write(`${formatComparison(comparison)}\n`);
    } finally {
      store.close();
    }
  }),
});

function table(rows: string[][]): string {
  return alignColumns(rows, new Set()).join("\n");
}
