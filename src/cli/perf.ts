/** `punie perf`: how long the model and each tool took across recorded prompts. */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { parseSince } from "../duration.ts";
import { buildPerfSeries, readPerfRows, summarizePerf } from "../perf/summary.ts";
import { formatPerfTable } from "../perf/table.ts";
import { cliAction } from "./action.ts";
import { openStoreForCli, stderrConsola as consola } from "./permissions.ts";

export const perfCommand = defineCommand({
  meta: {
    name: "perf",
    description:
      "Performance across recorded prompts (ACP sessions and punie ask): per tool and backend, calls, failure rate and p50/p95 durations, plus model request times. Prints a table (or JSON) on stdout; --output writes an HTML report charting them over time.\nExample: punie perf --since 7d -o perf.html",
  },
  args: {
    since: { type: "string", description: "Only prompts since: a span (30m, 24h, 7d, 2w) or a date (2026-01-31)", valueHint: "WHEN" },
    // -o/--output as in eval, train report and every other command writing a file; --html still works.
    output: { type: "string", alias: ["o", "html"], description: "Also write a self-contained HTML report to FILE", valueHint: "FILE" },
    json: { type: "boolean", description: "Print the summary as JSON instead of a table" },
  },
  run: cliAction(async ({ args }) => {
    const since = args.since === undefined ? undefined : parseSince(args.since, Date.now());
    const store = openStoreForCli();
    try {
      const rows = readPerfRows(store, since === undefined ? {} : { since });
      if (!store.healthy) throw new CliError(`Could not read ${store.path}; see the warning above.`);
      const summary = summarizePerf(rows, since ?? null);
      if (args.output) {
        // The HTML renderer loads only when asked for.
        const [{ renderPerfReport }, { writeHtml }] = await Promise.all([import("../perf/perf-report.tsx"), import("../report-file.ts")]);
        await writeHtml(args.output, renderPerfReport(summary, buildPerfSeries(rows)));
        process.stderr.write(`Report: ${resolve(args.output)}\n`);
      }
      if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(`${formatPerfTable(summary)}\n`);
      if (summary.prompts === 0) consola.info("No prompts recorded in this window yet: every ACP session and punie ask run records one.");
    } finally {
      store.close();
    }
  }),
});
