/**
 * `punie eval grid`: the suite scored once per combination of sampling values, sent per request;
 * results best first on stdout and in grid.html.
 */
import { type ArgsDef, defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { cliAction } from "./action.ts";
import { DEFAULT_TIMEOUT_S } from "./eval.ts";
import { parseCount, parseNumberList, parseSeconds } from "./eval-flags.ts";
import { withInterrupt } from "./interrupt.ts";

const gridArgs = {
  suite: { type: "string", alias: "s", description: "Suite file or built-in suite (default tools)", valueHint: "NAME|FILE" },
  model: { type: "string", alias: "m", description: "Model spec (env PUNIE_MODEL)", valueHint: "SPEC" },
  temperatures: { type: "string", description: "Temperatures to try, e.g. 0,0.3,0.7", valueHint: "LIST" },
  "top-ps": { type: "string", description: "top_p values to try, e.g. 0.9,1", valueHint: "LIST" },
  "repetition-penalties": { type: "string", description: "repetition_penalty values to try (mlx_lm, vLLM), e.g. 1,1.1", valueHint: "LIST" },
  "max-kv-sizes": { type: "string", description: "Server-level: restarts the managed server per value (needs --server)", valueHint: "LIST" },
  server: { type: "boolean", description: "Start a managed mlx_lm server (needs --model-path)" },
  "model-path": { type: "string", description: "Model for --server", valueHint: "M" },
  concurrency: { type: "string", alias: "c", description: "Prompts run at once (default 1)", valueHint: "N" },
  repeat: { type: "string", description: "Runs of each prompt per combination (default 1)", valueHint: "K" },
  timeout: { type: "string", description: `Per prompt run, in seconds (default ${DEFAULT_TIMEOUT_S})`, valueHint: "S" },
  output: { type: "string", alias: "o", description: "The grid report (default grid.html)", valueHint: "FILE" },
  json: { type: "boolean", description: "Print the ranked results as JSON" },
} satisfies ArgsDef;

export const evalGridCommand = defineCommand({
  meta: {
    name: "grid",
    description: [
      "Score a suite once per combination of sampling values (sent with every request); results best first, and grid.html.",
      "Example: punie eval grid --suite tools --model mlx --temperatures 0,0.3 --top-ps 0.9,1",
    ].join("\n"),
  },
  args: gridArgs,
  run: cliAction(async ({ args }) => {
    if (args.server || args["model-path"] !== undefined || args["max-kv-sizes"] !== undefined) {
      throw new CliError("--server, --model-path and --max-kv-sizes need the managed mlx_lm server, which this build does not have yet; vary request-level values against a running server with --model.");
    }
    const axes = {
      temperatures: parseNumberList(args.temperatures, "temperatures"),
      topPs: parseNumberList(args["top-ps"], "top-ps"),
      repetitionPenalties: parseNumberList(args["repetition-penalties"], "repetition-penalties"),
    };
    const [{ gridCombos, rankGrid, formatGridTable }, { runEval }, { renderGridReport }, { writeHtml, checkReportPath }] = await Promise.all([
      import("../eval/grid.ts"),
      import("../eval/run-eval.ts"),
      import("../eval/grid-report.tsx"),
      import("../eval/report-file.ts"),
    ]);
    const combos = gridCombos(axes);
    if (combos.length < 2) throw new CliError("punie eval grid needs values to vary: --temperatures, --top-ps or --repetition-penalties (e.g. --temperatures 0,0.3).");
    const output = args.output ?? "grid.html";
    await checkReportPath(output);
    const concurrency = parseCount(args.concurrency, "concurrency", 1);
    const repeat = parseCount(args.repeat, "repeat", 1);
    const timeoutMs = parseSeconds(args.timeout, "timeout", DEFAULT_TIMEOUT_S) * 1000;
    return withInterrupt(async (signal) => {
      const rows = [];
      let suite = "";
      let model = "";
      for (const [index, combo] of combos.entries()) {
        process.stderr.write(`\ngrid ${index + 1}/${combos.length}: ${combo.name}\n`);
        const outcome = await runEval({
          suite: args.suite,
          model: args.model,
          concurrency,
          repeat,
          timeoutMs,
          json: false,
          keep: false,
          modelEnv: combo.env,
          env: process.env,
          cwd: process.cwd(),
          err: process.stderr,
          out: process.stdout,
          signal,
        });
        suite = outcome.summary.suite;
        model = outcome.summary.model;
        const { run_id, score, success_rate, duration_ms, status } = outcome.summary;
        rows.push({ combo, run_id, score, success_rate, duration_ms, status });
        if (signal.aborted) break;
      }
      const ranked = rankGrid(rows);
      await writeHtml(output, renderGridReport({ suite, model, rows: ranked }));
      if (args.json) process.stdout.write(`${JSON.stringify({ suite, model, results: ranked.map((row) => ({ settings: row.combo.values, run_id: row.run_id, score: row.score, success_rate: row.success_rate, duration_ms: row.duration_ms, status: row.status })) })}\n`);
      else process.stdout.write(`${formatGridTable(ranked)}\n`);
      process.stderr.write(`Report: ${output}\n`);
      return signal.aborted ? 130 : 0;
    });
  }),
});
