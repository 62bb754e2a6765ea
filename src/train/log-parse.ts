/**
 * mlx_lm's training output → TrainEvent (pure). Two formats: plain lines up to 0.31
 * (`Iter 10: Train loss 1.234, Learning Rate 1.000e-05, ...`) and, from 0.32, a `rich` table with
 * ANSI codes even on a pipe (`    10    1.234 ▼      124      2.3k`). Lines that are neither
 * (loading messages, warnings, tracebacks) give null and are only logged.
 */
import type { TrainEvent } from "./events.ts";

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const NUM = "(-?[0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?|nan|inf)";

const PLAIN = {
  trainable: /^Trainable parameters: ([0-9.]+)% \(([0-9.]+)M\/([0-9.]+)M\)/,
  start: /^Starting training\.\.\., iters: (\d+)/,
  iter: /^Iter (\d+): (.*)$/,
  saved: /^Saved adapter weights to (.+?) and (.+?)\.?$/,
  final: /^Saved final weights to (.+?)\.?$/,
  test: new RegExp(`^Test loss ${NUM}, Test ppl ${NUM}`),
};

/** One `Key value[unit]` pair of an `Iter N:` line. */
const FIELD = new RegExp(`^(.*?)\\s+${NUM}\\s*(?:GB|s)?\\.?$`);

const RICH = {
  train: new RegExp(`^(\\d+)\\s+${NUM}(?:\\s*[▼▲▶=-])?\\s+([0-9.]+)\\s+([0-9.]+[kMGB]?)$`),
  val: new RegExp(`^(\\d+)\\s+val\\s+${NUM}(?:\\s+([0-9.]+)s)?$`),
  save: /^save\s+(\S+)$/,
};

export function stripAnsi(line: string): string {
  return line.replace(ANSI, "");
}

/** One line of mlx_lm output → its event, or null. */
export function parseTrainLine(raw: string): TrainEvent | null {
  const line = stripAnsi(raw).trim();
  if (!line) return null;
  let m: RegExpExecArray | null;
  if ((m = PLAIN.iter.exec(line))) return parseIterLine(Number(m[1]), m[2] ?? "");
  if ((m = PLAIN.trainable.exec(line))) return { type: "trainable", percent: Number(m[1]), trainableM: Number(m[2]), totalM: Number(m[3]) };
  if ((m = PLAIN.start.exec(line))) return { type: "start", iters: Number(m[1]) };
  if ((m = PLAIN.final.exec(line))) return { type: "final", file: m[1] ?? "" };
  if ((m = PLAIN.test.exec(line))) return { type: "test", loss: Number(m[1]), ppl: Number(m[2]) };
  if ((m = RICH.train.exec(line)))
    return { type: "train", iteration: Number(m[1]), loss: Number(m[2]), tokensPerSec: Number(m[3]), trainedTokens: parseShortNumber(m[4] ?? "") };
  if ((m = RICH.val.exec(line))) return { type: "val", iteration: Number(m[1]), loss: Number(m[2]), ...(m[3] ? { seconds: Number(m[3]) } : {}) };
  if ((m = RICH.save.exec(line))) return saveEvent(m[1] ?? "");
  return null;
}

/** The part after `Iter N: `: a val line, a train line (comma-separated `Key value` pairs) or a save. */
function parseIterLine(iteration: number, rest: string): TrainEvent | null {
  const saved = PLAIN.saved.exec(rest);
  if (saved) return { type: "save", iteration, file: saved[2] ?? "" };
  const fields = new Map<string, number>();
  for (const part of rest.split(", ")) {
    const m = FIELD.exec(part.trim());
    if (m) fields.set((m[1] ?? "").toLowerCase(), Number(m[2]));
  }
  const val = fields.get("val loss");
  if (val !== undefined) return { type: "val", iteration, loss: val, ...opt("seconds", fields.get("val took")) };
  const loss = fields.get("train loss");
  if (loss === undefined) return null;
  return {
    type: "train",
    iteration,
    loss,
    ...opt("learningRate", fields.get("learning rate")),
    ...opt("itPerSec", fields.get("it/sec")),
    ...opt("tokensPerSec", fields.get("tokens/sec")),
    ...opt("trainedTokens", fields.get("trained tokens")),
    // Older builds print `Peak X GB` instead of `Peak mem X GB`.
    ...opt("peakMemGb", fields.get("peak mem") ?? fields.get("peak")),
  };
}

function saveEvent(file: string): TrainEvent | null {
  const m = /(?:^|\/)(\d+)_adapters\.safetensors$/.exec(file);
  return m ? { type: "save", iteration: Number(m[1]), file } : null;
}

function opt<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** "2.3k" → 2300, "1.2M" → 1200000, "845" → 845. */
export function parseShortNumber(text: string): number {
  const m = /^([0-9.]+)([kMGB]?)$/.exec(text);
  if (!m) return Number.NaN;
  const scale = { "": 1, k: 1e3, M: 1e6, G: 1e9, B: 1e9 }[m[2] ?? ""] ?? 1;
  return Math.round(Number(m[1]) * scale);
}
