/**
 * `punie eval grid`: the suite scored once per combination of sampling values, sent per request;
 * results best first on stdout and in grid.html.
 */
import { type ArgsDef, defineCommand } from "citty";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";
import type { GridRow } from "../eval/grid.ts";
import type { ServerRequest } from "../eval/managed-server.ts";
import { DEFAULT_TIMEOUT_S, serverRequest } from "./eval.ts";
import { parseCount, parseSeconds } from "./eval-flags.ts";
import { parseNumberList } from "./lists.ts";
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
  adapter: { type: "string", description: "LoRA adapter folder for --server", valueHint: "A" },
  fuse: { type: "boolean", description: "With --server and --adapter: fuse the adapter into the model first" },
  concurrency: { type: "string", alias: "j", description: "Prompts run at once (default 1)", valueHint: "N" },
  repeat: { type: "string", description: "Runs of each prompt per combination (default 1)", valueHint: "K" },
  timeout: { type: "string", description: `Per prompt run, in seconds (default ${DEFAULT_TIMEOUT_S})`, valueHint: "S" },
  output: { type: "string", alias: "o", description: "The grid report (default grid.html)", valueHint: "FILE" },
  json: { type: "boolean", description: "Print the ranked results as JSON" },
} satisfies ArgsDef;

export const evalGridCommand = defineCommand({
  meta: {
    name: "grid",
    description: [
      "Score a suite once per combination of sampling values (sent with every request) and, with --server, of server settings (each restarts the managed mlx_lm server); results best first, and grid.html.",
      "Example: punie eval grid --suite tools --model mlx --temperatures 0,0.3 --top-ps 0.9,1",
    ].join("\n"),
  },
  args: gridArgs,
  run: cliAction(async ({ args }) => {
    const server = serverRequest(args);
    const maxKvSizes = parseNumberList(args["max-kv-sizes"], "max-kv-sizes", { positive: true, example: "4096,8192" });
    if (maxKvSizes && !server) throw new UsageError("--max-kv-sizes is a server setting: it needs --server --model-path M (each value restarts the managed server).");
    if (maxKvSizes?.some((size) => !Number.isInteger(size) || size < 1)) throw new UsageError("--max-kv-sizes takes whole numbers of tokens, e.g. 4096,8192.");
    const axes = {
      temperatures: parseNumberList(args.temperatures, "temperatures", { example: "0,0.3" }),
      topPs: parseNumberList(args["top-ps"], "top-ps", { example: "0.9,1" }),
      repetitionPenalties: parseNumberList(args["repetition-penalties"], "repetition-penalties", { example: "1,1.1" }),
    };
    const [{ gridCombos, rankGrid, formatGridTable, withServerValue }, { runEval }, { renderGridReport }, { writeHtml, checkReportPath }, { serverModelLabel, withManagedServer }] = await Promise.all([
      import("../eval/grid.ts"),
      import("../eval/run-eval.ts"),
      import("../eval/grid-report.tsx"),
      import("../report-file.ts"),
      import("../eval/managed-server.ts"),
    ]);
    const combos = gridCombos(axes);
    const serverLevels: Array<number | undefined> = maxKvSizes ?? [undefined];
    if (combos.length * serverLevels.length < 2) throw new UsageError("punie eval grid needs values to vary: --temperatures, --top-ps or --repetition-penalties (e.g. --temperatures 0,0.3).");
    const output = args.output ?? "grid.html";
    await checkReportPath(output);
    const concurrency = parseCount(args.concurrency, "concurrency", 1);
    const repeat = parseCount(args.repeat, "repeat", 1);
    const timeoutMs = parseSeconds(args.timeout, "timeout", DEFAULT_TIMEOUT_S) * 1000;
    return withInterrupt(async (signal) => {
      const rows: GridRow[] = [];
      let suite = "";
      let model = "";
      const total = combos.length * serverLevels.length;
      // Request-level combinations run against one server per server-level value.
      const runCombos = async (served: { spec: string; request: ServerRequest } | undefined, maxKvSize: number | undefined) => {
        for (const baseCombo of combos) {
          if (signal.aborted) return;
          const combo = maxKvSize === undefined ? baseCombo : withServerValue(baseCombo, "max_kv_size", maxKvSize);
          process.stderr.write(`\ngrid ${rows.length + 1}/${total}: ${combo.name}\n`);
          const outcome = await runEval({
            suite: args.suite,
            model: args.model,
            served,
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
          model = server ? serverModelLabel(server) : outcome.summary.model;
          const { runId, score, successRate, durationMs, status } = outcome.summary;
          rows.push({ combo, runId, score, successRate, durationMs, status });
        }
      };
      for (const maxKvSize of serverLevels) {
        if (signal.aborted) break;
        if (!server) {
          await runCombos(undefined, undefined);
          continue;
        }
        const request = { ...server, ...(maxKvSize === undefined ? {} : { maxKvSize }) };
        const log = (line: string) => process.stderr.write(`${line}\n`);
        await withManagedServer(request, { env: process.env, cwd: process.cwd(), signal, log }, (spec) => runCombos({ spec, request }, maxKvSize));
      }
      const ranked = rankGrid(rows);
      await writeHtml(output, renderGridReport({ suite, model, rows: ranked }));
      if (args.json) process.stdout.write(`${JSON.stringify({ suite, model, results: ranked.map((row) => ({ settings: row.combo.values, runId: row.runId, score: row.score, successRate: row.successRate, durationMs: row.durationMs, status: row.status })) })}\n`);
      else process.stdout.write(`${formatGridTable(ranked)}\n`);
      process.stderr.write(`Report: ${output}\n`);
      return signal.aborted ? 130 : 0;
    });
  }),
});
