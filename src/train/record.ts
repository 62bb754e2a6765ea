/**
 * training.json: what a run was (settings, argv, versions, data fingerprint) and what it did
 * (status, curves, speed, memory, checkpoints). Written as the run goes and at its end; the same
 * object is stored in the database, so `train list` and the folder always agree. `applyEvent` is
 * the pure reducer from the event stream.
 */
import { z } from "zod";
import type { TrainSettings } from "./config.ts";
import type { TrainingRunRow } from "../store/training-runs.ts";
import type { TrainEvent } from "./events.ts";

export const TRAIN_STATUSES = ["running", "finished", "interrupted", "failed"] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

const point = z.object({ iteration: z.number(), loss: z.number().nullable() });

/** Reads back what `writeRecord` wrote (fields added later are dropped, not refused). */
export const TrainingRecordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  kind: z.enum(["train", "bench", "grid"]),
  status: z.enum(TRAIN_STATUSES),
  model: z.string(),
  data: z.string(),
  output: z.string(),
  settings: z.record(z.string(), z.unknown()),
  argv: z.array(z.string()),
  python: z.string(),
  mlxLmVersion: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationS: z.number().nullable(),
  exit: z.object({ code: z.number().nullable(), signal: z.string().nullable() }).nullable(),
  error: z.string().nullable(),
  dataFingerprint: z.string(),
  dataFiles: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number() })),
  trainableParameters: z.object({ percent: z.number(), trainableM: z.number(), totalM: z.number() }).nullable(),
  curves: z.object({ train: z.array(point), val: z.array(point) }),
  lastIteration: z.number(),
  tokensPerSec: z.number().nullable(),
  itPerSec: z.number().nullable(),
  trainedTokens: z.number().nullable(),
  peakMemGb: z.number().nullable(),
  test: z.object({ loss: z.number().nullable(), ppl: z.number().nullable() }).nullable(),
  checkpoints: z.array(z.object({ iteration: z.number(), file: z.string() })),
  resumedFrom: z.object({ iteration: z.number(), file: z.string() }).nullable(),
});

export type TrainingRecord = Omit<z.output<typeof TrainingRecordSchema>, "settings"> & { settings: TrainSettings };

/** JSON has no NaN: a diverged loss is kept as null. */
const num = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** The record after one more event (pure; returns a new object). */
export function applyEvent(record: TrainingRecord, event: TrainEvent): TrainingRecord {
  switch (event.type) {
    case "trainable":
      return { ...record, trainableParameters: { percent: event.percent, trainableM: event.trainableM, totalM: event.totalM } };
    case "start":
    case "final":
      return record;
    case "train":
      return {
        ...record,
        lastIteration: Math.max(record.lastIteration, event.iteration),
        curves: { ...record.curves, train: [...record.curves.train, { iteration: event.iteration, loss: num(event.loss) }] },
        tokensPerSec: event.tokensPerSec ?? record.tokensPerSec,
        itPerSec: event.itPerSec ?? record.itPerSec,
        trainedTokens: event.trainedTokens ?? record.trainedTokens,
        peakMemGb: event.peakMemGb === undefined ? record.peakMemGb : Math.max(record.peakMemGb ?? 0, event.peakMemGb),
      };
    case "val":
      return {
        ...record,
        lastIteration: Math.max(record.lastIteration, event.iteration),
        curves: { ...record.curves, val: [...record.curves.val, { iteration: event.iteration, loss: num(event.loss) }] },
      };
    case "save":
      return {
        ...record,
        checkpoints: [...record.checkpoints.filter((c) => c.iteration !== event.iteration), { iteration: event.iteration, file: event.file }],
      };
    case "test":
      return { ...record, test: { loss: num(event.loss), ppl: num(event.ppl) } };
  }
}

/** Keeps what happened up to `iteration` (a resumed run redoes what came after its checkpoint). */
export function truncateAt(record: TrainingRecord, iteration: number): TrainingRecord {
  const upTo = (p: { iteration: number }) => p.iteration <= iteration;
  return {
    ...record,
    curves: { train: record.curves.train.filter(upTo), val: record.curves.val.filter(upTo) },
    checkpoints: record.checkpoints.filter(upTo),
    lastIteration: Math.min(record.lastIteration, iteration),
  };
}

export const finalLoss = (points: readonly { loss: number | null }[]): number | null => points.at(-1)?.loss ?? null;

/** The database row for a record: the same object `train list` reads. */
export function toRunRow(record: TrainingRecord): TrainingRunRow {
  return {
    id: record.id,
    kind: record.kind,
    outputDir: record.output,
    model: record.model,
    dataDir: record.data,
    status: record.status,
    startedAt: Date.parse(record.startedAt),
    endedAt: record.endedAt ? Date.parse(record.endedAt) : null,
    iters: record.settings.iters,
    lastIteration: record.lastIteration,
    finalTrainLoss: finalLoss(record.curves.train),
    finalValLoss: finalLoss(record.curves.val),
    tokensPerSec: record.tokensPerSec,
    peakMemGb: record.peakMemGb,
    record: JSON.stringify(record),
  };
}
