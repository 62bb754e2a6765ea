/**
 * The one stream of training events both mlx_lm log formats parse into (log-parse.ts), that the
 * progress display, `--json`, training.json and the database are all made from.
 */
export type TrainEvent =
  | { type: "trainable"; percent: number; trainableM: number; totalM: number }
  | { type: "start"; iters: number }
  | {
      type: "train";
      iteration: number;
      loss: number;
      /** Only the plain format (up to mlx_lm 0.31) prints these three. */
      learningRate?: number;
      itPerSec?: number;
      peakMemGb?: number;
      tokensPerSec?: number;
      trainedTokens?: number;
    }
  | { type: "val"; iteration: number; loss: number; seconds?: number }
  | { type: "save"; iteration: number; file: string }
  | { type: "final"; file: string }
  | { type: "test"; loss: number; ppl: number };

/** Shifts iteration numbers by `offset` (a resumed run: mlx_lm counts from 1 again). */
export function offsetEvent(event: TrainEvent, offset: number): TrainEvent {
  if (offset === 0) return event;
  switch (event.type) {
    case "train":
    case "val":
    case "save":
      return { ...event, iteration: event.iteration + offset };
    case "start":
    case "trainable":
    case "final":
    case "test":
      return event;
  }
}
