import { describe, expect, test } from "bun:test";
import { createProgressView, formatBar, formatReportLine } from "../../src/train/progress.ts";

describe("progress", () => {
  test("the bar: iteration, losses, tokens/s, ETA from the pace so far", () => {
    const line = formatBar({ iteration: 60, total: 100, startIteration: 10, trainLoss: 1.2345, valLoss: 1.3, tokensPerSec: 123.6, elapsedMs: 50_000 }, 10);
    expect(line).toBe("[██████░░░░] 60/100  train 1.234  val 1.300  124 tok/s  ETA 40.0 s");
  });

  test("before the first report it says what it waits for", () => {
    expect(formatBar({ iteration: 0, total: 10, startIteration: 0, trainLoss: null, valLoss: null, tokensPerSec: null, elapsedMs: 0, runningMs: 3000 }, 4)).toBe(
      "[░░░░] 0/10  loading the model and data… 3.00 s",
    );
  });

  test("a line per report when stderr is no terminal", () => {
    expect(formatReportLine({ type: "train", iteration: 10, loss: 1.5, learningRate: 1e-5, tokensPerSec: 99.6, peakMemGb: 5.4321 }, 100)).toBe(
      "iter 10/100  train loss 1.500  lr 1.00e-5  100 tok/s  peak 5.43 GB",
    );
    expect(formatReportLine({ type: "start", iters: 100 }, 100)).toBeNull();
  });

  test("--json: events on stdout, nothing on stderr, and an end event", () => {
    const out: string[] = [];
    const err: string[] = [];
    const view = createProgressView("json", { total: 10, startIteration: 0, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    view.event({ type: "val", iteration: 1, loss: 2 });
    expect(out).toEqual(['{"type":"val","iteration":1,"loss":2}\n']);
    expect(err).toEqual([]);
  });
});
