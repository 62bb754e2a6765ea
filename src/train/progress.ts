/**
 * How a run shows itself: a progress bar on a terminal (iteration, losses, tokens/s, ETA), a line
 * per report when stderr is not a terminal, or one JSON event per line on stdout (`--json`).
 * The formatting is pure; the views only decide when to write.
 */
import { formatFixed, formatMs } from "../format.ts";
import type { TrainEvent } from "./events.ts";
import type { TrainingRecord } from "./record.ts";

export type ProgressMode = "bar" | "lines" | "json";

export type ProgressState = {
  iteration: number;
  total: number;
  /** The iteration this segment started from (a resumed run's checkpoint). */
  startIteration: number;
  trainLoss: number | null;
  valLoss: number | null;
  tokensPerSec: number | null;
  /** Wall time since the first report of this segment, for the ETA. */
  elapsedMs: number;
  /** Time since the last report (the ETA counts down between reports). */
  sinceReportMs?: number;
  /** Time since the run started (shown while the model loads). */
  runningMs?: number;
};

export function etaMs(state: ProgressState): number | null {
  const done = state.iteration - state.startIteration;
  if (done <= 0 || state.elapsedMs <= 0) return null;
  return Math.max(0, (state.elapsedMs / done) * Math.max(0, state.total - state.iteration) - (state.sinceReportMs ?? 0));
}

/** `[██████░░░░] 60/100  train 1.234  val 1.300  124 tok/s  ETA 12 s` (pure). */
export function formatBar(state: ProgressState, width = 20): string {
  const fraction = state.total > 0 ? Math.min(1, state.iteration / state.total) : 0;
  const filled = Math.round(fraction * width);
  const eta = etaMs(state);
  const bar = `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${state.iteration}/${state.total}`;
  if (state.trainLoss === null && state.valLoss === null) return `${bar}  loading the model and data… ${formatMs(Math.round((state.runningMs ?? 0) / 1000) * 1000)}`;
  return [
    bar,
    `train ${formatFixed(state.trainLoss)}`,
    `val ${formatFixed(state.valLoss)}`,
    ...(state.tokensPerSec === null ? [] : [`${Math.round(state.tokensPerSec)} tok/s`]),
    ...(eta === null ? [] : [`ETA ${formatMs(Math.round(eta / 1000) * 1000)}`]),
  ].join("  ");
}

/** One line for a report event, or null for events that do not get one (pure). */
export function formatReportLine(event: TrainEvent, total: number): string | null {
  switch (event.type) {
    case "trainable":
      return `trainable parameters ${event.trainableM.toFixed(3)}M of ${event.totalM.toFixed(1)}M (${event.percent}%)`;
    case "train":
      return [
        `iter ${event.iteration}/${total}`,
        `train loss ${formatFixed(event.loss)}`,
        ...(event.learningRate === undefined ? [] : [`lr ${event.learningRate.toExponential(2)}`]),
        ...(event.tokensPerSec === undefined ? [] : [`${Math.round(event.tokensPerSec)} tok/s`]),
        ...(event.peakMemGb === undefined ? [] : [`peak ${event.peakMemGb.toFixed(2)} GB`]),
      ].join("  ");
    case "val":
      return `iter ${event.iteration}/${total}  val loss ${formatFixed(event.loss)}`;
    case "save":
      return `checkpoint ${event.iteration}: ${event.file}`;
    case "test":
      return `test loss ${formatFixed(event.loss)}  ppl ${event.ppl.toFixed(3)}`;
    case "start":
    case "final":
      return null;
  }
}

export type ProgressView = {
  event(event: TrainEvent): void;
  /** The run ended: clear the bar, print the closing JSON event. */
  end(record: TrainingRecord): void;
};

export type ProgressOptions = {
  total: number;
  startIteration: number;
  stderr(text: string): void;
  stdout(text: string): void;
  now?: () => number;
};

export function createProgressView(mode: ProgressMode, options: ProgressOptions): ProgressView {
  const now = options.now ?? Date.now;
  if (mode === "json") {
    return {
      event: (event) => options.stdout(`${JSON.stringify(event)}\n`),
      end: (record) =>
        options.stdout(
          `${JSON.stringify({ type: "end", id: record.id, status: record.status, output: record.output, lastIteration: record.lastIteration, ...(record.error ? { error: record.error } : {}) })}\n`,
        ),
    };
  }
  if (mode === "lines") {
    return {
      event(event) {
        const line = formatReportLine(event, options.total);
        if (line) options.stderr(`${line}\n`);
      },
      end() {},
    };
  }
  const state: ProgressState = {
    iteration: options.startIteration,
    total: options.total,
    startIteration: options.startIteration,
    trainLoss: null,
    valLoss: null,
    tokensPerSec: null,
    elapsedMs: 0,
  };
  let startedAt: number | null = null;
  let lastReportAt: number | null = null;
  const createdAt = now();
  let drawn = false;
  const draw = () => {
    state.runningMs = now() - createdAt;
    state.sinceReportMs = lastReportAt === null ? 0 : now() - lastReportAt;
    options.stderr(`\r\x1b[K${formatBar(state)}`);
    drawn = true;
  };
  // Between reports (tens of seconds on a big model) the clock still moves.
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  return {
    event(event) {
      if (event.type === "train" || event.type === "val") {
        lastReportAt = now();
        if (startedAt === null) {
          startedAt = now();
          state.startIteration = event.iteration;
        }
        state.elapsedMs = now() - startedAt;
        state.iteration = Math.max(state.iteration, event.iteration);
        if (event.type === "train") {
          state.trainLoss = event.loss;
          state.tokensPerSec = event.tokensPerSec ?? state.tokensPerSec;
        } else {
          state.valLoss = event.loss;
        }
        draw();
        return;
      }
      const line = event.type === "trainable" || event.type === "test" ? formatReportLine(event, options.total) : null;
      if (line) {
        options.stderr(`${drawn ? "\r\x1b[K" : ""}${line}\n`);
        if (drawn) draw();
      }
    },
    end() {
      clearInterval(ticker);
      if (drawn) options.stderr("\n");
    },
  };
}
