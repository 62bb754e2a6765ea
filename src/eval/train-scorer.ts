/**
 * `punie train grid --suite S`: each finished adapter is served (fused with `--fuse`) by a
 * managed mlx_lm server and scored with the suite; the grid ranks by that score.
 */
import type { GridScorer } from "../train/grid.ts";
import { runEval } from "./run-eval.ts";

export type SuiteScorerOptions = {
  suite: string;
  fuse: boolean;
  concurrency: number;
  timeoutMs: number;
  env: Record<string, string | undefined>;
  cwd: string;
  err: { isTTY?: boolean; write(text: string): unknown };
};

export function suiteScorer(options: SuiteScorerOptions): GridScorer {
  const sink = { write: () => true };
  return {
    label: `the eval suite ${options.suite}`,
    column: "suite score",
    higherIsBetter: true,
    async score(record, signal) {
      const { summary } = await runEval({
        suite: options.suite,
        server: { modelPath: record.model, adapter: record.output, ...(options.fuse ? { fuse: true } : {}) },
        concurrency: options.concurrency,
        repeat: 1,
        timeoutMs: options.timeoutMs,
        json: false,
        keep: false,
        env: options.env,
        cwd: options.cwd,
        err: options.err,
        out: sink,
        signal,
      });
      // An interrupted or failed run is no score: ranking it would be unfair to the others.
      return summary.status === "done" ? summary.score : null;
    },
  };
}
