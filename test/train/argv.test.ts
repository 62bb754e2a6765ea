/** Settings → the exact argv and YAML mlx_lm gets (pure). */
import { describe, expect, test } from "bun:test";
import { loraArgv, loraYaml } from "../../src/train/argv.ts";
import { resolveSettings, TrainConfigError, TrainSettingsSchema } from "../../src/train/config.ts";
import { parseSimpleYaml, toSimpleYaml, YamlSubsetError } from "../../src/train/yaml.ts";
import { launchArgv } from "../../src/mlx/launch.ts";
import { parseServerConfig } from "../../src/mlx/server.ts";
import { serverArgv } from "../../src/mlx/server-config.ts";
import { fuseArgv } from "../../src/mlx/fuse.ts";

const FULL = resolveSettings({}, {
  iters: "600", batchSize: "2", learningRate: "5e-5", numLayers: "-1", rank: "32", scale: "16", dropout: "0.1", fineTuneType: "dora",
  optimizer: "adamw", maxSeqLength: "4096", saveEvery: "50", stepsPerReport: "5", stepsPerEval: "100", valBatches: "-1",
  gradCheckpoint: true, gradAccumulationSteps: "4", maskPrompt: true, seed: "7", test: true,
});

describe("mlx_lm lora", () => {
  test("every setting becomes its real flag; rank, scale and dropout go to the YAML", () => {
    expect(loraArgv("/py", FULL, { model: "org/m", data: "/d", adapterPath: "/o", configPath: "/o/lora_config.yaml", resumeFile: "/o/0000050_adapters.safetensors" }, 550)).toEqual([
      "/py", "-m", "mlx_lm", "lora", "--model", "org/m", "--train", "--data", "/d", "--adapter-path", "/o",
      "--fine-tune-type", "dora", "--optimizer", "adamw", "--iters", "550", "--batch-size", "2", "--learning-rate", "0.00005",
      "--num-layers", "-1", "--max-seq-length", "4096", "--steps-per-report", "5", "--steps-per-eval", "100", "--val-batches", "-1",
      "--save-every", "50", "--seed", "7", "--grad-accumulation-steps", "4", "--grad-checkpoint", "--mask-prompt", "--test",
      "--resume-adapter-file", "/o/0000050_adapters.safetensors", "-c", "/o/lora_config.yaml",
    ]);
    expect(loraYaml(FULL)).toBe(
      "# Written by punie train: mlx_lm has no flags for these (the other settings are flags).\nlora_parameters:\n  rank: 32\n  scale: 16\n  dropout: 0.1\n",
    );
  });

  test("defaults are mlx_lm's; newer flags are left out at their default", () => {
    const defaults = TrainSettingsSchema.parse({});
    const argv = loraArgv("py", defaults, { model: "m", data: "d", adapterPath: "o", configPath: "o/c.yaml" });
    expect(argv).not.toContain("--grad-accumulation-steps");
    expect(argv.slice(argv.indexOf("--iters"), argv.indexOf("--iters") + 2)).toEqual(["--iters", "1000"]);
    expect(parseSimpleYaml(loraYaml(defaults))).toEqual({ lora_parameters: { rank: 8, scale: 20, dropout: 0 } });
  });

  test("flags win over the config file; the file's names may use dashes or underscores", () => {
    const settings = resolveSettings({ iters: 100, "batch-size": 8, learning_rate: 1e-4, lora_parameters: { rank: 4 } }, { iters: "50" });
    expect(settings).toMatchObject({ iters: 50, batchSize: 8, learningRate: 1e-4, rank: 4 });
  });

  test("unknown or bad settings are one line naming them", () => {
    expect(() => resolveSettings({ lora_rank: 8 }, {}, "train.yaml")).toThrow(new TrainConfigError('train.yaml: unknown setting "lora_rank"'));
    expect(() => resolveSettings({}, { iters: "ten" })).toThrow('--iters "ten": expected a number');
    expect(() => resolveSettings({}, { dropout: "1.5" })).toThrow("--dropout");
    expect(() => resolveSettings({ optimizer: "lion" }, {}, "c.yaml")).toThrow('c.yaml: optimizer "lion": expected one of adam, adamw, muon, sgd, adafactor');
  });
});

describe("the YAML subset", () => {
  test("round trip, comments, quoted strings; floats keep a dot for YAML 1.1 readers", () => {
    const text = toSimpleYaml({ learning_rate: 1e-5, tiny: 1e-7, name: "a b", flag: true, lora_parameters: { rank: 8, dropout: 0.05 } });
    expect(text).toContain("learning_rate: 0.00001\ntiny: 1.0e-7\n");
    expect(parseSimpleYaml(`${text}# trailing comment\n`)).toEqual({ learning_rate: 1e-5, tiny: 1e-7, name: "a b", flag: true, lora_parameters: { rank: 8, dropout: 0.05 } });
  });

  test("what the subset does not read is an error with the line", () => {
    expect(() => parseSimpleYaml("ranks: [8, 16]\n")).toThrow(new YamlSubsetError("line 1: lists and inline maps are not read; write one key per line"));
    expect(() => parseSimpleYaml("a: 1\n  b: 2\n")).toThrow("line 2: unexpected indentation");
    expect(() => parseSimpleYaml("- item\n")).toThrow("line 1");
  });
});

describe("mlx_lm server, fuse and mlx.launch", () => {
  test("every start flag becomes the real server flag", () => {
    const config = parseServerConfig({
      model: "org/m", adapter: "/a", host: "0.0.0.0", port: "9000", temp: "0.7", topP: "0.9", topK: "40", minP: "0.05", maxTokens: "2048",
      kvBits: "8", chatTemplateArgs: '{"enable_thinking":false}', draftModel: "org/d", numDraftTokens: "3", promptCacheSize: "4",
      decodeConcurrency: "8", logLevel: "debug",
    });
    expect(serverArgv("/py", config)).toEqual([
      "/py", "-m", "mlx_lm", "server", "--model", "org/m", "--adapter-path", "/a", "--host", "0.0.0.0", "--port", "9000",
      "--temp", "0.7", "--top-p", "0.9", "--top-k", "40", "--min-p", "0.05", "--max-tokens", "2048", "--kv-bits", "8",
      "--chat-template-args", '{"enable_thinking":false}', "--draft-model", "org/d", "--num-draft-tokens", "3",
      "--prompt-cache-size", "4", "--decode-concurrency", "8", "--log-level", "DEBUG",
    ]);
    expect(serverArgv("py", parseServerConfig({ model: "m" }))).toEqual(["py", "-m", "mlx_lm", "server", "--model", "m", "--host", "127.0.0.1", "--port", "8080"]);
  });

  test("what mlx_lm would refuse is refused first", () => {
    expect(() => parseServerConfig({ model: "m", maxKvSize: "10", kvBits: "4" })).toThrow("--max-kv-size cannot be combined with --kv-bits");
    expect(() => parseServerConfig({ model: "m", kvBits: "6" })).toThrow("--kv-bits 6: expected 4 or 8");
    expect(() => parseServerConfig({ model: "m", chatTemplateArgs: "[1]" })).toThrow("--chat-template-args [1]: expected a JSON object");
    expect(() => parseServerConfig({ model: "m", numDraftTokens: "3" })).toThrow("--num-draft-tokens needs --draft-model");
  });

  test("several Macs: mlx.launch around the command, --pipeline for the server", () => {
    const config = parseServerConfig({ model: "m", launch: { hostfile: "/h.json", backend: "jaccl" } });
    expect(launchArgv("/bin/mlx.launch", config.launch ?? {}, serverArgv("/py", config))).toEqual([
      "/bin/mlx.launch", "--hostfile", "/h.json", "--backend", "jaccl", "--", "/py", "-m", "mlx_lm", "server", "--model", "m", "--host", "127.0.0.1", "--port", "8080", "--pipeline",
    ]);
    expect(() => parseServerConfig({ model: "m", launch: { hosts: ["a"], hostfile: "/h" } })).toThrow("--hosts and --hostfile do not go together");
  });

  test("fuse", () => {
    expect(fuseArgv("py", { model: "m", adapter: "/a", output: "/o", dequantize: true })).toEqual(["py", "-m", "mlx_lm", "fuse", "--model", "m", "--adapter-path", "/a", "--save-path", "/o", "--dequantize"]);
  });
});
