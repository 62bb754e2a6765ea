import { describe, expect, test } from "bun:test";
import type { TrainEvent } from "../../src/train/events.ts";
import { parseShortNumber, parseTrainLine } from "../../src/train/log-parse.ts";

const E = "\x1b";

describe("plain format (mlx_lm up to 0.31)", () => {
  const cases: [string, TrainEvent | null][] = [
    ["Trainable parameters: 0.071% (0.573M/806.000M)", { type: "trainable", percent: 0.071, trainableM: 0.573, totalM: 806 }],
    ["Starting training..., iters: 100", { type: "start", iters: 100 }],
    ["Iter 1: Val loss 2.345, Val took 1.234s", { type: "val", iteration: 1, loss: 2.345, seconds: 1.234 }],
    [
      "Iter 10: Train loss 1.234, Learning Rate 1.000e-05, It/sec 0.512, Tokens/sec 123.456, Trained Tokens 2345, Peak mem 5.432 GB",
      { type: "train", iteration: 10, loss: 1.234, learningRate: 1e-5, itPerSec: 0.512, tokensPerSec: 123.456, trainedTokens: 2345, peakMemGb: 5.432 },
    ],
    [
      "Iter 20: Train loss 1.100, Learning Rate 1.000e-05, It/sec 0.512, Tokens/sec 123.456, Trained Tokens 4690, Peak 5.5 GB",
      { type: "train", iteration: 20, loss: 1.1, learningRate: 1e-5, itPerSec: 0.512, tokensPerSec: 123.456, trainedTokens: 4690, peakMemGb: 5.5 },
    ],
    [
      "Iter 30: Train loss 1.050, Learning Rate 1.000e-05, It/sec 0.512, Tokens/sec 123.456, Trained Tokens 7035",
      { type: "train", iteration: 30, loss: 1.05, learningRate: 1e-5, itPerSec: 0.512, tokensPerSec: 123.456, trainedTokens: 7035 },
    ],
    [
      "Iter 100: Saved adapter weights to a/adapters.safetensors and a/0000100_adapters.safetensors.",
      { type: "save", iteration: 100, file: "a/0000100_adapters.safetensors" },
    ],
    ["Saved final weights to a/adapters.safetensors.", { type: "final", file: "a/adapters.safetensors" }],
    ["Test loss 1.234, Test ppl 3.435.", { type: "test", loss: 1.234, ppl: 3.435 }],
    ["Loading pretrained model", null],
    ["Fetching 9 files: 100%|██████████| 9/9", null],
    ["", null],
  ];
  for (const [line, event] of cases) test(JSON.stringify(line.slice(0, 50)), () => expect(parseTrainLine(line)).toEqual(event));
});

describe("rich format (mlx_lm 0.32+, ANSI codes even on a pipe)", () => {
  const cases: [string, TrainEvent | null][] = [
    [`${E}[1m  iter   train_loss     tok/s     tokens${E}[0m`, null],
    ["  iter   train_loss     tok/s     tokens", null],
    ["    10    1.234 ▼      124      2.3k", { type: "train", iteration: 10, loss: 1.234, tokensPerSec: 124, trainedTokens: 2300 }],
    [`    20    1.300 ${E}[31m▲${E}[0m      124      4.6k`, { type: "train", iteration: 20, loss: 1.3, tokensPerSec: 124, trainedTokens: 4600 }],
    ["     5    2.000      130       845", { type: "train", iteration: 5, loss: 2, tokensPerSec: 130, trainedTokens: 845 }],
    ["     1    val 2.345    1.23s", { type: "val", iteration: 1, loss: 2.345, seconds: 1.23 }],
    [`     1    ${E}[36mval 2.345${E}[0m    1.23s`, { type: "val", iteration: 1, loss: 2.345, seconds: 1.23 }],
    ["  save  0000100_adapters.safetensors", { type: "save", iteration: 100, file: "0000100_adapters.safetensors" }],
    [`${E}[2m  save  0000200_adapters.safetensors${E}[0m`, { type: "save", iteration: 200, file: "0000200_adapters.safetensors" }],
  ];
  for (const [line, event] of cases) test(JSON.stringify(line.slice(0, 50)), () => expect(parseTrainLine(line)).toEqual(event));
});

test("short numbers", () => {
  expect(parseShortNumber("2.3k")).toBe(2300);
  expect(parseShortNumber("1.5M")).toBe(1_500_000);
  expect(parseShortNumber("12")).toBe(12);
});

test("the same run in both formats parses to the same curves", () => {
  const plain = [
    "Trainable parameters: 0.071% (0.573M/806.000M)",
    "Starting training..., iters: 20",
    "Iter 1: Val loss 2.500, Val took 1.000s",
    "Iter 10: Train loss 2.100, Learning Rate 1.000e-05, It/sec 0.500, Tokens/sec 120.000, Trained Tokens 2400, Peak mem 5.000 GB",
    "Iter 20: Val loss 1.900, Val took 1.000s",
    "Iter 20: Train loss 1.800, Learning Rate 1.000e-05, It/sec 0.500, Tokens/sec 121.000, Trained Tokens 4800, Peak mem 5.000 GB",
    "Iter 20: Saved adapter weights to a/adapters.safetensors and a/0000020_adapters.safetensors.",
  ];
  const rich = [
    "Trainable parameters: 0.071% (0.573M/806.000M)",
    "Starting training..., iters: 20",
    `${E}[1m  iter   train_loss     tok/s     tokens${E}[0m`,
    `     1    ${E}[36mval 2.500${E}[0m    1.00s`,
    "    10    2.100      120      2.4k",
    `    20    ${E}[36mval 1.900${E}[0m    1.00s`,
    `    20    1.800 ${E}[32m▼${E}[0m      121      4.8k`,
    `${E}[2m  save  0000020_adapters.safetensors${E}[0m`,
  ];
  const curves = (lines: string[]) => {
    const events = lines.map(parseTrainLine).filter((e) => e !== null);
    return {
      train: events.flatMap((e) => (e.type === "train" ? [[e.iteration, e.loss, e.tokensPerSec, e.trainedTokens]] : [])),
      val: events.flatMap((e) => (e.type === "val" ? [[e.iteration, e.loss]] : [])),
      saves: events.flatMap((e) => (e.type === "save" ? [e.iteration] : [])),
    };
  };
  expect(curves(rich)).toEqual(curves(plain));
  expect(curves(plain).train).toHaveLength(2);
});
