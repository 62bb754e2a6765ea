/**
 * The files of a training folder: training.json, the log, lora_config.yaml, and mlx_lm's
 * numbered checkpoints (`0000100_adapters.safetensors`).
 */
import { existsSync, readdirSync, readFileSync, renameSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../workspace/atomic-write.ts";
import { type TrainingRecord, TrainingRecordSchema } from "./record.ts";

export const RECORD_FILE = "training.json";
export const LOG_FILE = "train.log";
export const LORA_CONFIG_FILE = "lora_config.yaml";
/** Where a resumed run's mlx_lm writes, so its restarted numbering cannot overwrite checkpoints. */
export const RESUME_DIR = ".resume";

const CHECKPOINT = /^(\d+)_adapters\.safetensors$/;

export function checkpointName(iteration: number): string {
  return `${String(iteration).padStart(7, "0")}_adapters.safetensors`;
}

/** Numbered checkpoints in `dir`, by iteration. */
export function listCheckpoints(dir: string): { iteration: number; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: CHECKPOINT.exec(name) }))
    .filter((e): e is { name: string; m: RegExpExecArray } => e.m !== null)
    .map((e) => ({ iteration: Number(e.m[1]), file: join(dir, e.name) }))
    .sort((a, b) => a.iteration - b.iteration);
}

/**
 * Moves a resumed segment's checkpoints up into the output folder, renumbered by `offset`
 * (mlx_lm counts from 1 again); returns them.
 */
export function collectResumed(dir: string, offset: number): { iteration: number; file: string }[] {
  const moved = [];
  for (const checkpoint of listCheckpoints(join(dir, RESUME_DIR))) {
    const iteration = checkpoint.iteration + offset;
    const file = join(dir, checkpointName(iteration));
    renameSync(checkpoint.file, file);
    moved.push({ iteration, file });
  }
  return moved;
}

/** The final adapter files of a resumed segment, moved over the folder's own. */
export function collectResumedFinal(dir: string): void {
  for (const name of ["adapters.safetensors", "adapter_config.json"]) {
    const from = join(dir, RESUME_DIR, name);
    if (existsSync(from)) renameSync(from, join(dir, name));
  }
}

export function readRecord(dir: string): TrainingRecord | null {
  const path = join(dir, RECORD_FILE);
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  const parsed = TrainingRecordSchema.safeParse(json);
  return parsed.success ? (parsed.data as TrainingRecord) : null;
}

export async function writeRecord(dir: string, record: TrainingRecord): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await writeFileAtomic(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
