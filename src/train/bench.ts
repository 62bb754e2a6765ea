/**
 * `punie train bench`: how fast this Mac trains a model. A small generated dataset in a temp
 * folder, a short run stored like any other, and the numbers that matter: seconds per iteration,
 * tokens per second, peak memory.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrainEvent } from "./events.ts";
import type { ProgressView } from "./progress.ts";
import type { TrainingRecord } from "./record.ts";
import { runTraining, type TrainOutcome, type TrainRequest } from "./run.ts";

const TOPICS = ["parse a CSV file", "retry an HTTP request", "merge two sorted lists", "read a config file", "walk a directory tree", "memoize a function", "format a duration", "validate an email address"];

/** Chat-format lines, long enough to be a realistic step (pure). */
export function benchExamples(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length] ?? "";
    const body = Array.from({ length: 12 }, (_, j) => `    step_${j} = helper_${i}_${j}(data)  # ${topic}, part ${j}`).join("\n");
    return JSON.stringify({
      messages: [
        { role: "user", content: `Write a Python function to ${topic} (example ${i}).` },
        { role: "assistant", content: `def solution_${i}(data):\n${body}\n    return data\n` },
      ],
    });
  });
}

export type BenchResult = { record: TrainingRecord; secondsPerIter: number | null; tokensPerSec: number | null; peakMemGb: number | null; outcome: TrainOutcome };

/** Seconds per iteration from the reports' wall times: independent of model loading time. */
export function secondsPerIter(samples: readonly { iteration: number; at: number }[]): number | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || last.iteration <= first.iteration) return null;
  return (last.at - first.at) / 1000 / (last.iteration - first.iteration);
}

export async function runBench(request: Omit<TrainRequest, "data" | "kind" | "dataChecked">, now: () => number = Date.now): Promise<BenchResult> {
  const data = await mkdtemp(join(tmpdir(), "punie-bench-"));
  try {
    const examples = benchExamples(Math.max(64, request.settings.batchSize * 8));
    await Bun.write(join(data, "train.jsonl"), `${examples.join("\n")}\n`);
    await Bun.write(join(data, "valid.jsonl"), `${examples.slice(0, Math.max(16, request.settings.batchSize * 2)).join("\n")}\n`);
    const samples: { iteration: number; at: number }[] = [];
    const outcome = await runTraining({
      ...request,
      kind: "bench",
      data,
      view(total, start): ProgressView {
        const inner = request.view(total, start);
        return {
          event(event: TrainEvent) {
            if (event.type === "train") samples.push({ iteration: event.iteration, at: now() });
            inner.event(event);
          },
          end: (record) => inner.end(record),
        };
      },
    });
    const { record } = outcome;
    return { record, secondsPerIter: secondsPerIter(samples) ?? (record.itPerSec ? 1 / record.itPerSec : null), tokensPerSec: record.tokensPerSec, peakMemGb: record.peakMemGb, outcome };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}
