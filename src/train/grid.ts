/**
 * `punie train grid`: one run per combination of learning rate, rank (and batch size) in
 * DIR/<name>/, named by its values (`lr1e-05-r8`), scored by final validation loss unless a scorer
 * is given (the eval suite plugs in here). Resumable: a combination whose training.json says
 * finished is skipped; an interrupted one continues from its checkpoint.
 */
import { join } from "node:path";
import { writeHtml } from "../report-file.ts";
import { writeFileAtomic } from "../workspace/atomic-write.ts";
import { onShutdown, shutdownSignal } from "../process/index.ts";
import type { TrainSettings } from "./config.ts";
import { listCheckpoints, readRecord } from "./files.ts";
import { finalLoss, type TrainingRecord } from "./record.ts";
import { type GridRow, renderGridReport } from "./report.tsx";
import { runTraining, type TrainRequest } from "./run.ts";

export type GridAxes = { learningRates: number[]; ranks: number[]; batchSizes?: number[] | undefined };
export type GridCombo = { name: string; settings: TrainSettings; values: Record<string, string> };

/** How runs are compared. The default: final validation loss, lower is better. */
export type GridScorer = {
  label: string;
  /** The score column's heading in tables (default "val loss"). */
  column?: string;
  higherIsBetter: boolean;
  score(record: TrainingRecord, signal: AbortSignal): Promise<number | null>;
};

export const VAL_LOSS_SCORER: GridScorer = {
  label: "final validation loss",
  higherIsBetter: false,
  score: async (record) => finalLoss(record.curves.val),
};

/** 1e-5 → "1e-05", 5e-4 → "5e-04", 1.5e-5 → "1.5e-05" (Python's spelling, as folder names carry it). */
export function formatLearningRate(lr: number): string {
  const [mantissa = "", exponent = "0"] = lr.toExponential().split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  return `${mantissa}e${sign}${exponent.replace(/^[-+]/, "").padStart(2, "0")}`;
}

/** Every combination, in the order given (pure). */
export function gridCombos(base: TrainSettings, axes: GridAxes): GridCombo[] {
  const combos: GridCombo[] = [];
  const batchSizes = axes.batchSizes?.length ? axes.batchSizes : [base.batchSize];
  const withBatch = (axes.batchSizes?.length ?? 0) > 0;
  for (const learningRate of axes.learningRates)
    for (const rank of axes.ranks)
      for (const batchSize of batchSizes) {
        const lr = formatLearningRate(learningRate);
        const name = `lr${lr}-r${rank}${withBatch ? `-b${batchSize}` : ""}`;
        combos.push({
          name,
          settings: { ...base, learningRate, rank, batchSize },
          values: { "learning rate": lr, rank: String(rank), ...(withBatch ? { "batch size": String(batchSize) } : {}) },
        });
      }
  return combos;
}

/** Best first; runs without a score last (pure). */
export function rankGrid(rows: readonly GridRow[], higherIsBetter: boolean): GridRow[] {
  return [...rows].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? 0 : 1) : -1;
    return higherIsBetter ? b.score - a.score : a.score - b.score;
  });
}

export type GridRequest = Omit<TrainRequest, "output" | "settings" | "resume" | "force" | "kind"> & {
  output: string;
  combos: GridCombo[];
  scorer?: GridScorer;
  /** Told before each combination: "run", "resume" or "skip" (finished already). */
  onCombo?(combo: GridCombo, index: number, action: "run" | "resume" | "skip"): void;
};

export type GridResult = { rows: GridRow[]; interrupted: boolean; reportPath: string };

export async function runGrid(request: GridRequest): Promise<GridResult> {
  const scorer = request.scorer ?? VAL_LOSS_SCORER;
  let done: (result: GridResult) => void = () => {};
  const finished = new Promise<GridResult>((resolve) => (done = resolve));
  const offShutdown = onShutdown(() => finished);
  const records = new Map<string, TrainingRecord>();
  let interrupted = false;
  try {
    for (const [index, combo] of request.combos.entries()) {
      const dir = join(request.output, combo.name);
      const existing = readRecord(dir);
      if (existing?.status === "finished") {
        records.set(combo.name, existing);
        request.onCombo?.(combo, index, "skip");
        continue;
      }
      const resume = existing !== null && listCheckpoints(dir).length > 0;
      request.onCombo?.(combo, index, resume ? "resume" : "run");
      const { record } = await runTraining({ ...request, kind: "grid", output: dir, settings: combo.settings, resume, force: existing !== null && !resume });
      records.set(combo.name, record);
      if (record.status === "interrupted" || shutdownSignal().aborted || request.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    const rows: GridRow[] = [];
    const signal = request.signal ?? shutdownSignal();
    for (const combo of request.combos) {
      const record = records.get(combo.name) ?? readRecord(join(request.output, combo.name));
      // After Ctrl-C only the free default score is computed: an eval suite would start a server.
      const score = record?.status === "finished" ? (interrupted && scorer !== VAL_LOSS_SCORER ? null : await scorer.score(record, signal)) : null;
      rows.push({ name: combo.name, values: combo.values, record, score });
    }
    const ranked = rankGrid(rows, scorer.higherIsBetter);
    const reportPath = join(request.output, "grid.html");
    await writeHtml(reportPath, renderGridReport(`Training grid: ${request.output}`, ranked, { label: scorer.label, column: scorer.column ?? "val loss", higherIsBetter: scorer.higherIsBetter }));
    await writeFileAtomic(join(request.output, "grid.json"), `${JSON.stringify(ranked.map((r) => ({ name: r.name, values: r.values, status: r.record?.status ?? null, score: r.score, output: join(request.output, r.name) })), null, 2)}\n`);
    const result = { rows: ranked, interrupted, reportPath };
    done(result);
    return result;
  } finally {
    offShutdown();
  }
}
