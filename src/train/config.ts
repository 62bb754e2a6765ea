/**
 * Training settings: one zod schema with mlx_lm's defaults, filled from `--config FILE.yaml`
 * (flag names, dashes or underscores) and then from flags (flags win) (pure).
 */
import { z } from "zod";
import { flagName, settingKey } from "../mlx/flags.ts";

export const FINE_TUNE_TYPES = ["lora", "dora", "full"] as const;
export const OPTIMIZERS = ["adam", "adamw", "muon", "sgd", "adafactor"] as const;

const count = z.coerce.number().int().positive();
const allOrCount = z.coerce.number().int().refine((n) => n === -1 || n > 0, "expected a positive whole number or -1 (all)");
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const TrainSettingsSchema = z
  .object({
    iters: count.default(1000),
    batchSize: count.default(4),
    learningRate: z.coerce.number().positive().default(1e-5),
    numLayers: allOrCount.default(16),
    rank: count.default(8),
    scale: z.coerce.number().positive().default(20),
    dropout: z.coerce.number().min(0).lt(1).default(0),
    fineTuneType: z.enum(FINE_TUNE_TYPES).default("lora"),
    optimizer: z.enum(OPTIMIZERS).default("adam"),
    maxSeqLength: count.default(2048),
    saveEvery: count.default(100),
    stepsPerReport: count.default(10),
    stepsPerEval: count.default(200),
    valBatches: allOrCount.default(25),
    gradCheckpoint: flag.default(false),
    gradAccumulationSteps: count.default(1),
    maskPrompt: flag.default(false),
    seed: z.coerce.number().int().min(0).default(0),
    test: flag.default(false),
  })
  .strict();

export type TrainSettings = z.output<typeof TrainSettingsSchema>;
export type TrainSettingKey = keyof TrainSettings;
export const TRAIN_SETTING_KEYS = Object.keys(TrainSettingsSchema.shape) as TrainSettingKey[];

export class TrainConfigError extends Error {}

/**
 * Settings from a config file's map and flag values (undefined = not given); flags win.
 * `lora_parameters: {rank, scale, dropout}` in the file is read too (mlx_lm's own shape).
 */
export function resolveSettings(file: Record<string, unknown>, flags: Partial<Record<TrainSettingKey, unknown>>, source = "config file"): TrainSettings {
  const fromFile: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(file)) {
    if (name === "lora_parameters" || name === "lora-parameters") {
      if (value === null || typeof value !== "object") throw new TrainConfigError(`${source}: lora_parameters must be a map of rank, scale and dropout`);
      for (const [k, v] of Object.entries(value)) {
        if (!["rank", "scale", "dropout"].includes(k)) throw new TrainConfigError(`${source}: lora_parameters.${k} is not read (rank, scale, dropout)`);
        fromFile[k] = v;
      }
      continue;
    }
    const key = settingKey(name);
    if (!TRAIN_SETTING_KEYS.includes(key as TrainSettingKey)) throw new TrainConfigError(`${source}: unknown setting "${name}"`);
    fromFile[key] = value;
  }
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  const parsed = TrainSettingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  const given = merged[key];
  const from = flags[key as TrainSettingKey] !== undefined ? `--${flagName(key)}` : `${source}: ${flagName(key)}`;
  throw new TrainConfigError(`${from} ${JSON.stringify(given)}: ${describeIssue(issue)}`);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid";
  if (issue.code === "invalid_value") return `expected one of ${issue.values.join(", ")}`;
  if (issue.code === "invalid_type") return `expected ${issue.expected === "number" ? "a number" : issue.expected}`;
  if (issue.code === "too_small" || issue.code === "too_big") return issue.message.replace(/^Too (small|big): expected number to be /, "expected ");
  return issue.message;
}
