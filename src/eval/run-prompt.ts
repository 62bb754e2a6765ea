/**
 * One prompt, one attempt: a fresh copy of its workspace, one session through the agent loop
 * (with a timeout), the check command in the copy, and the score.
 */
import { dirname } from "node:path";
import { errorMessage } from "../errors.ts";
import type { Store } from "../store/index.ts";
import { runLocal } from "../tools/python/run-local.ts";
import { createEventCollector } from "./collect.ts";
import type { PromptResult } from "./result-types.ts";
import { scorePrompt } from "./score.ts";
import { runEvalSession } from "./session.ts";
import type { LoadedPrompt, PartWeights } from "./suite-schema.ts";
import { copyWorkspace, removeDir } from "./workspace-copy.ts";

export type PromptRunOptions = {
  prompt: LoadedPrompt;
  attempt: number;
  weights: PartWeights;
  model: string;
  env: Record<string, string | undefined>;
  runDir: string;
  timeoutMs: number;
  keep: boolean;
  /** The whole run's signal (Ctrl-C). */
  signal: AbortSignal;
  store: Store | null;
  warn: (message: string) => void;
};

const CHECK_OUTPUT_LIMIT = 8000;

/** Runs one attempt; null when the run was interrupted before it finished (it is not recorded). */
export async function runPrompt(options: PromptRunOptions): Promise<PromptResult | null> {
  const { prompt } = options;
  const started = performance.now();
  const cwd = await copyWorkspace(options.runDir, `${prompt.id}-${options.attempt + 1}`, prompt.workspace);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const collector = createEventCollector();
  try {
    let stopReason: PromptResult["stopReason"];
    let error: string | undefined;
    let modelError = false;
    let sessionId: string | undefined;
    try {
      const session = await runEvalSession({ prompt: prompt.prompt, cwd, model: options.model, env: options.env, signal, onEvent: collector.push, store: options.store, warn: options.warn });
      stopReason = session.stopReason;
      sessionId = session.sessionId;
      if (session.error !== undefined) {
        error = session.error;
        modelError = true;
      }
    } catch (thrown) {
      stopReason = "end_turn";
      error = errorMessage(thrown);
    }
    if (options.signal.aborted) return null;
    if (timeout.aborted) {
      stopReason = "timeout";
      error = `Timed out after ${Math.round(options.timeoutMs / 1000)} s.`;
      modelError = true;
    }
    const collected = collector.result();
    const check = prompt.expect.check !== undefined && error === undefined ? await runCheck(prompt.expect.check, cwd, options) : undefined;
    if (options.signal.aborted) return null;
    const scored = scorePrompt({
      expect: prompt.expect,
      weights: options.weights,
      calls: collected.toolCalls,
      answer: collected.answer,
      checkExitCode: check?.exitCode ?? null,
      root: cwd,
    });
    const failed = error !== undefined;
    return {
      id: prompt.id,
      category: prompt.category,
      attempt: options.attempt,
      prompt: prompt.prompt,
      // A prompt whose model failed scores 0 whatever it did before (issue: scoring).
      score: failed ? 0 : scored.score,
      parts: scored.parts,
      toolCalls: collected.toolCalls,
      matched: scored.matched,
      keywordsFound: scored.keywordsFound,
      ...(check ? { check } : {}),
      steps: collected.toolCalls.length,
      requests: collected.requests,
      tokens: collected.tokens,
      durationMs: Math.round(performance.now() - started),
      stopReason,
      ...(error !== undefined ? { error, modelError } : {}),
      answer: collected.answer,
      ...(sessionId ? { sessionId } : {}),
      ...(options.keep ? { kept: cwd } : {}),
    };
  } finally {
    if (!options.keep) await removeDir(dirname(cwd));
  }
}

async function runCheck(command: string, cwd: string, options: PromptRunOptions): Promise<NonNullable<PromptResult["check"]>> {
  try {
    const run = await runLocal(["sh", "-c", command], { cwd, env: options.env, signal: options.signal, timeoutMs: options.timeoutMs });
    const output = `${run.stdout}${run.stderr}`;
    return { command, exitCode: run.exitCode, output: output.length > CHECK_OUTPUT_LIMIT ? `${output.slice(-CHECK_OUTPUT_LIMIT)}` : output };
  } catch (thrown) {
    return { command, exitCode: null, output: errorMessage(thrown) };
  }
}
