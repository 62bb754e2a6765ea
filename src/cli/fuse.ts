/** `punie fuse`: an adapter merged into its base model with mlx_lm fuse, as a new model folder. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { cliAction } from "./action.ts";
import { mlxPython, modelPath } from "./train.ts";
import { modelArg, pythonArg } from "./train-args.ts";

export const fuseCommand = defineCommand({
  meta: {
    name: "fuse",
    description: [
      "Fuse an adapter into its base model (mlx_lm fuse): a model folder you can serve without --adapter.",
      "Fusing into a 4-bit base has been seen to erase a LoRA's effect: prefer 5/6/8-bit, or --dequantize.",
      "Example: punie fuse -m mlx-community/Qwen2.5-Coder-7B-Instruct-8bit --adapter adapters/coder -o models/coder-fused",
    ].join("\n"),
  },
  args: {
    ...modelArg,
    adapter: { type: "string", description: "Adapter folder (adapters.safetensors + adapter_config.json)", valueHint: "DIR" },
    output: { type: "string", alias: "o", description: "Folder for the fused model", valueHint: "DIR" },
    dequantize: { type: "boolean", description: "Write a de-quantized (full precision) model" },
    force: { type: "boolean", description: "Write into an --output folder that is not empty (mlx_lm replaces the model files in it)" },
    ...pythonArg,
  },
  run: cliAction(async ({ args }) => {
    const { UsageError } = await import("./strict.ts");
    if (!args.model) throw new UsageError("punie fuse: missing --model (-m) M");
    if (!args.adapter) throw new UsageError("punie fuse: missing --adapter DIR");
    if (!args.output) throw new UsageError("punie fuse: missing --output (-o) DIR");
    const { checkAdapter, looksFourBit, runFuse } = await import("../mlx/fuse.ts");
    const model = modelPath(args.model);
    const adapter = resolve(args.adapter);
    const output = resolve(args.output);
    checkAdapter(adapter);
    // Like train and dataset: an existing output is never overwritten without --force.
    if (!args.force && existsSync(output) && (!statSync(output).isDirectory() || readdirSync(output).length > 0)) {
      const { CliError } = await import("../errors.ts");
      throw new CliError(`${output} exists and is not an empty folder: pass --force to write the fused model into it, or pick another --output`);
    }
    const python = await mlxPython(args.python);
    if (looksFourBit(model) && !args.dequantize)
      process.stderr.write("warning: fusing into a 4-bit base has been seen to erase a LoRA's effect; prefer a 5/6/8-bit base, or add --dequantize\n");
    await runFuse(python, { model, adapter, output, dequantize: args.dequantize === true }, {
      env: process.env,
      cwd: process.cwd(),
      onLine: (line) => line.trim() && process.stderr.write(`  ${line}\n`),
    });
    process.stderr.write(`Fused model: ${output}\nServe it: punie mlx start --model ${output}\n`);
  }),
});
