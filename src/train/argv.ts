/**
 * TrainSettings → the exact `python -m mlx_lm lora` argv and lora_config.yaml (pure). mlx_lm has
 * no rank flag: rank, scale and dropout go in the YAML's lora_parameters (an ignored rank would be
 * a silent bug); every other setting is a real flag. Flags newer than mlx_lm 0.2x are passed only
 * when they differ from mlx_lm's default, so older installs keep working.
 */
import type { TrainSettings } from "./config.ts";
import { toSimpleYaml } from "./yaml.ts";

export type LoraPaths = {
  model: string;
  data: string;
  /** The output folder: adapters, checkpoints, lora_config.yaml, training.json. */
  adapterPath: string;
  configPath: string;
  /** `--resume-adapter-file`: the checkpoint to continue from. */
  resumeFile?: string;
};

export function loraArgv(python: string, settings: TrainSettings, paths: LoraPaths, iters = settings.iters): string[] {
  const s = settings;
  return [
    python, "-m", "mlx_lm", "lora",
    "--model", paths.model,
    "--train",
    "--data", paths.data,
    "--adapter-path", paths.adapterPath,
    "--fine-tune-type", s.fineTuneType,
    "--optimizer", s.optimizer,
    "--iters", String(iters),
    "--batch-size", String(s.batchSize),
    "--learning-rate", String(s.learningRate),
    "--num-layers", String(s.numLayers),
    "--max-seq-length", String(s.maxSeqLength),
    "--steps-per-report", String(s.stepsPerReport),
    "--steps-per-eval", String(s.stepsPerEval),
    "--val-batches", String(s.valBatches),
    "--save-every", String(s.saveEvery),
    "--seed", String(s.seed),
    ...(s.gradAccumulationSteps !== 1 ? ["--grad-accumulation-steps", String(s.gradAccumulationSteps)] : []),
    ...(s.gradCheckpoint ? ["--grad-checkpoint"] : []),
    ...(s.maskPrompt ? ["--mask-prompt"] : []),
    ...(s.test ? ["--test"] : []),
    ...(paths.resumeFile ? ["--resume-adapter-file", paths.resumeFile] : []),
    "-c", paths.configPath,
  ];
}

/** lora_config.yaml: only what has no flag. */
export function loraYaml(settings: TrainSettings): string {
  return toSimpleYaml(
    { lora_parameters: { rank: settings.rank, scale: settings.scale, dropout: settings.dropout } },
    "Written by punie train: mlx_lm has no flags for these (the other settings are flags).",
  );
}
