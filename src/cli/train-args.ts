/**
 * The flags `punie train`, `train grid` and `train bench` share: python, output mode, and every
 * training setting (names as mlx_lm's, plus --rank/--scale/--dropout that go in the YAML).
 */
import type { ArgsDef } from "citty";
import { settingKey } from "../mlx/flags.ts";

export const pythonArg = {
  python: { type: "string", description: "Python with mlx_lm (default: PUNIE_PYTHON, .venv/bin/python, python3)", valueHint: "PATH" },
} as const satisfies ArgsDef;

export const jsonArg = { json: { type: "boolean", description: "One JSON event per line on stdout" } } as const satisfies ArgsDef;

/** --json of the commands that print one document (list, show, status), not a stream of events. */
export const jsonDocumentArg = { json: { type: "boolean", description: "Print JSON on stdout" } } as const satisfies ArgsDef;

export const modelArg = {
  model: { type: "string", alias: "m", description: "mlx_lm --model: a Hugging Face repo or a local folder", valueHint: "M" },
} as const satisfies ArgsDef;

/** Value settings: flag → help. Strings here; zod reads them (src/train/config.ts). */
const VALUE_SETTINGS = {
  iters: ["Iterations to train (default 1000)", "N"],
  "batch-size": ["Examples per step (default 4)", "N"],
  "learning-rate": ["Learning rate (default 1e-5)", "LR"],
  "num-layers": ["Layers to fine-tune, -1 for all (default 16)", "N"],
  rank: ["LoRA rank (default 8; written to lora_config.yaml)", "R"],
  scale: ["LoRA scale (default 20)", "S"],
  dropout: ["LoRA dropout (default 0)", "P"],
  "fine-tune-type": ["lora, dora or full (default lora)", "TYPE"],
  optimizer: ["adam, adamw, muon, sgd or adafactor (default adam)", "NAME"],
  "max-seq-length": ["Longest example in tokens (default 2048)", "N"],
  "save-every": ["Checkpoint every N iterations (default 100)", "N"],
  "steps-per-report": ["Report train loss every N iterations (default 10)", "N"],
  "steps-per-eval": ["Validate every N iterations (default 200)", "N"],
  "val-batches": ["Validation batches, -1 for all (default 25)", "N"],
  "grad-accumulation-steps": ["Accumulate gradients over N steps (default 1)", "N"],
  seed: ["Random seed (default 0)", "N"],
} as const;

const BOOLEAN_SETTINGS = {
  "grad-checkpoint": "Gradient checkpointing: less memory, slower",
  "mask-prompt": "Train on the completions only",
  test: "Evaluate on test.jsonl after training",
} as const;

export const SETTING_FLAGS = [...Object.keys(VALUE_SETTINGS), ...Object.keys(BOOLEAN_SETTINGS)];

export const settingArgs = Object.fromEntries([
  ...Object.entries(VALUE_SETTINGS).map(([name, [description, valueHint]]) => [name, { type: "string", description, valueHint }]),
  ...Object.entries(BOOLEAN_SETTINGS).map(([name, description]) => [name, { type: "boolean", description }]),
]) as { [K in keyof typeof VALUE_SETTINGS]: { type: "string"; description: string; valueHint: string } } & {
  [K in keyof typeof BOOLEAN_SETTINGS]: { type: "boolean"; description: string };
};

export const launchArgs = {
  hosts: { type: "string", description: "Run through mlx.launch on these hosts (comma-separated)", valueHint: "H1,H2" },
  hostfile: { type: "string", description: "Run through mlx.launch with this host file", valueHint: "FILE" },
  backend: { type: "string", description: "mlx.launch backend: ring, jaccl, mpi or any", valueHint: "NAME" },
} as const satisfies ArgsDef;

/** Settings given as flags, by setting key (camelCase); absent flags are left out. */
export function settingFlags(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const flag of SETTING_FLAGS) {
    const value = args[flag];
    if (value === undefined || value === null) continue;
    out[settingKey(flag)] = value;
  }
  return out;
}
