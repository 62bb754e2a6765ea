/**
 * `punie eval`: load the suite (any fault stops here, before a model is asked anything), start
 * the managed server when asked, run the prompts, record the run, write the report, print the
 * JSON document, and choose the exit code.
 */
import { formatPercent } from "../format.ts";
import { createModel } from "../model/index.ts";
import { loadSettings } from "../settings/load.ts";
import { defaultStorePath, openStore, type Store } from "../store/index.ts";
import { DEFAULT_SUITE, openSuite } from "./builtin.ts";
import type { ServerRequest } from "./managed-server.ts";
import { createProgress } from "./progress.ts";
import type { PromptResult } from "./result-types.ts";
import { attemptKey, runSuite } from "./run-suite.ts";
import { finishRun, loadRun, newRunId, recordResult, type RunConfig, type StoredRun, startRun, summarizeStored } from "./runs.ts";
import type { Suite } from "./suite-schema.ts";
import { type RunSummary, summarizeRun } from "./summary.ts";

export const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

export type EvalOptions = {
  suite?: string | undefined;
  model?: string | undefined;
  /** `--server`: a managed mlx_lm server for the run instead of `model`. */
  server?: ServerRequest | undefined;
  /** A managed server already running (a grid keeps one per server-level setting): its spec and request. */
  served?: { spec: string; request: ServerRequest } | undefined;
  concurrency: number;
  repeat: number;
  timeoutMs: number;
  output?: string | undefined;
  json: boolean;
  minScore?: number | undefined;
  keep: boolean;
  resume?: string | undefined;
  /** Environment overrides for the model, kept with the run (a grid's sampling values). */
  modelEnv?: Record<string, string>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Human output (stderr). */
  err: { isTTY?: boolean; write(text: string): unknown };
  /** The JSON document (stdout). */
  out: { write(text: string): unknown };
  /** Aborts on Ctrl-C (the CLI wires SIGINT to it). */
  signal: AbortSignal;
};

export type EvalOutcome = { code: number; summary: RunSummary };

/** Everything a run needs once the suite is loaded and before a model is asked. */
type Plan = { store: Store | null; suite: Suite; config: RunConfig; label: string; runId: string; startedAt: number; previous: StoredRun | null; env: Record<string, string | undefined> };

export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  const store = openStore({ path: defaultStorePath(options.env), log: { warn: (message) => options.err.write(`${message}\n`) } });
  try {
    const previous = options.resume ? loadRun(store, options.resume) : null;
    if (options.output) await (await import("../report-file.ts")).checkReportPath(options.output);
    const opened = await openSuite(previous?.record.suiteRef ?? options.suite ?? DEFAULT_SUITE);
    try {
      const config: RunConfig = previous?.config ?? {
        repeat: options.repeat,
        timeoutMs: options.timeoutMs,
        order: opened.suite.prompts.map((prompt) => prompt.id),
        ...(options.modelEnv ? { env: options.modelEnv } : {}),
        ...(options.server ? { server: options.server } : {}),
        ...(options.served ? { server: options.served.request } : {}),
      };
      const env = { ...options.env, ...config.env };
      const plan = { store, suite: opened.suite, config, runId: previous?.record.id ?? newRunId(), startedAt: previous?.record.startedAt ?? Date.now(), previous, env };
      if (options.served) {
        const { serverModelLabel } = await import("./managed-server.ts");
        return await execute({ ...plan, label: serverModelLabel(options.served.request) }, options.served.spec, options);
      }
      if (config.server) {
        const { serverModelLabel, withManagedServer } = await import("./managed-server.ts");
        const log = (line: string) => options.err.write(`${line}\n`);
        return await withManagedServer(config.server, { env, cwd: options.cwd, signal: options.signal, log }, (spec) => execute({ ...plan, label: serverModelLabel(config.server as ServerRequest) }, spec, options));
      }
      const model = previous?.record.model ?? options.model ?? (await loadSettings({ workspace: options.cwd, env: options.env, flags: {} })).model ?? "local";
      // A bad spec is one line now, not one error per prompt.
      createModel(model, env);
      return await execute({ ...plan, label: model }, model, options);
    } finally {
      await opened.dispose();
    }
  } finally {
    store?.close();
  }
}

/** Runs the prompts a plan lacks with `modelSpec`, records and reports the run. */
async function execute(plan: Plan, modelSpec: string, options: EvalOptions): Promise<EvalOutcome> {
  const { store, suite, config, runId, previous } = plan;
  if (!previous) startRun(store, { id: runId, suite: suite.name, suiteRef: suite.ref, model: plan.label, config, startedAt: plan.startedAt });
  const done = new Set((previous?.results ?? []).map((result) => attemptKey(result.id, result.attempt)));
  const earlier = (previous?.results ?? []).filter((result) => suite.prompts.some((prompt) => prompt.id === result.id));
  const total = suite.prompts.length * config.repeat;
  options.err.write(`eval ${suite.name} · ${plan.label} · ${total - earlier.length} of ${total} prompt runs · run ${runId}\n`);
  const progress = createProgress(options.err, total, earlier);
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    progress.close();
    options.err.write(`${message}\n`);
  };
  const began = performance.now();
  const outcome = await runSuite({
    suite,
    model: modelSpec,
    env: plan.env,
    concurrency: options.concurrency,
    repeat: config.repeat,
    timeoutMs: config.timeoutMs,
    keep: options.keep,
    signal: options.signal,
    done,
    store,
    warn: warnOnce,
    onStart: () => progress.started(),
    onResult: (result) => {
      recordResult(store, runId, result);
      progress.finished(result);
    },
  });
  progress.close();
  const results: PromptResult[] = [...earlier, ...outcome.results];
  const allModelErrors = results.length > 0 && results.every((result) => result.modelError === true);
  const status = outcome.interrupted ? "interrupted" : allModelErrors ? "failed" : "done";
  const durationMs = (previous?.record.durationMs ?? 0) + (performance.now() - began);
  const summary = summarizeRun(
    { runId: runId, suite: suite.name, model: plan.label, status, startedAt: plan.startedAt, durationMs: Math.round(durationMs), repeat: config.repeat },
    results,
    config.order ?? suite.prompts.map((prompt) => prompt.id),
  );
  finishRun(store, summary);
  if (outcome.runDir) options.err.write(`Copies kept in ${outcome.runDir}\n`);
  if (options.output) {
    const { writeRunReport } = await import("./report-file.ts");
    await writeRunReport(options.output, summary);
    options.err.write(`Report: ${options.output}\n`);
  }
  if (options.json) options.out.write(`${JSON.stringify(summary)}\n`);
  options.err.write(`${formatSummaryLine(summary)}\n`);
  if (outcome.interrupted) {
    options.err.write(`Interrupted: ${total - results.length} prompt run(s) left. Continue with: punie eval --resume ${runId}\n`);
    return { code: EXIT.interrupted, summary };
  }
  if (allModelErrors) {
    const error = results.find((result) => result.error !== undefined)?.error ?? "the model failed";
    options.err.write(`punie eval: every prompt failed on a model error: ${error}\n`);
    return { code: EXIT.failed, summary };
  }
  if (options.minScore !== undefined && summary.score < options.minScore) {
    options.err.write(`Score ${summary.score.toFixed(3)} is below --min-score ${options.minScore}.\n`);
    return { code: EXIT.failed, summary };
  }
  return { code: EXIT.ok, summary };
}

export function formatSummaryLine(summary: RunSummary): string {
  return `${summary.suite} · ${summary.model}: score ${summary.score.toFixed(3)} (${formatPercent(summary.score)}), success rate ${formatPercent(summary.successRate)}, ${summary.prompts.length} prompts, run ${summary.runId}`;
}

export { summarizeStored };
