/**
 * Runs a suite's prompts `repeat` times each, `concurrency` at a time (each with its own model
 * connection and copy), reporting each start and result as it happens. Ctrl-C (the signal) stops
 * the prompts in flight; their attempts are left out so `--resume` runs them again.
 */
import type { Store } from "../store/index.ts";
import type { PromptResult } from "./result-types.ts";
import { runPrompt } from "./run-prompt.ts";
import type { LoadedPrompt, Suite } from "./suite-schema.ts";
import { createRunDir, removeDir } from "./workspace-copy.ts";

export type SuiteRunOptions = {
  suite: Suite;
  model: string;
  env: Record<string, string | undefined>;
  concurrency: number;
  repeat: number;
  timeoutMs: number;
  keep: boolean;
  signal: AbortSignal;
  /** Attempts already done (`attemptKey`), skipped: `--resume`. */
  done?: ReadonlySet<string>;
  store: Store | null;
  warn: (message: string) => void;
  onStart?: (prompt: LoadedPrompt, attempt: number) => void;
  onResult?: (result: PromptResult) => void;
};

export type SuiteRunOutcome = { results: PromptResult[]; interrupted: boolean; runDir: string | null };

export const attemptKey = (id: string, attempt: number) => `${id}#${attempt}`;

export async function runSuite(options: SuiteRunOptions): Promise<SuiteRunOutcome> {
  const queue: Array<{ prompt: LoadedPrompt; attempt: number }> = [];
  for (const prompt of options.suite.prompts) {
    for (let attempt = 0; attempt < options.repeat; attempt++) {
      if (!options.done?.has(attemptKey(prompt.id, attempt))) queue.push({ prompt, attempt });
    }
  }
  if (queue.length === 0) return { results: [], interrupted: false, runDir: null };
  const runDir = await createRunDir();
  const results: PromptResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !options.signal.aborted) {
      const task = queue[next++];
      if (!task) break;
      options.onStart?.(task.prompt, task.attempt);
      const result = await runPrompt({
        prompt: task.prompt,
        attempt: task.attempt,
        weights: options.suite.weights,
        model: options.model,
        env: options.env,
        runDir,
        timeoutMs: options.timeoutMs,
        keep: options.keep,
        signal: options.signal,
        store: options.store,
        warn: options.warn,
      });
      if (result === null) continue;
      results.push(result);
      options.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, queue.length) }, worker));
  } finally {
    if (!options.keep) await removeDir(runDir);
  }
  return { results, interrupted: options.signal.aborted, runDir: options.keep ? runDir : null };
}
