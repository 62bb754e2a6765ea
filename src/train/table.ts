/** The plain-text tables `train list` and `train grid` print (pure). */
import { formatFixed, formatTime } from "../format.ts";
import { alignColumns } from "../perf/table.ts";
import type { TrainingRunRow } from "../store/training-runs.ts";
import { finalLoss } from "./record.ts";
import type { GridRow } from "./report.tsx";

/** The JSON `train list --json` prints per run: the columns, without the stored record. */
export function runSummary(row: TrainingRunRow) {
  const { record: _record, ...summary } = row;
  return summary;
}

export function formatRunTable(rows: readonly TrainingRunRow[]): string {
  if (rows.length === 0) return "No training runs yet: punie train DATA_DIR --model M --output DIR";
  const header = ["id", "status", "kind", "iter", "train", "val", "tok/s", "peak GB", "started", "output"];
  const body = rows.map((r) => [
    r.id,
    r.status,
    r.kind,
    `${r.lastIteration ?? 0}/${r.iters}`,
    formatFixed(r.finalTrainLoss),
    formatFixed(r.finalValLoss),
    r.tokensPerSec === null ? "–" : String(Math.round(r.tokensPerSec)),
    formatFixed(r.peakMemGb, 2),
    formatTime(r.startedAt),
    r.outputDir,
  ]);
  return alignColumns([header, ...body], new Set([3, 4, 5, 6, 7])).join("\n");
}

/** The grid's ranking (rows arrive best first); `scoreLabel` names the score column. */
export function formatGridTable(rows: readonly GridRow[], scoreLabel = "val loss"): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const header = ["#", "run", ...keys, "status", scoreLabel, "train loss", "tok/s"];
  const body = rows.map((r, i) => [
    String(i + 1),
    r.name,
    ...keys.map((k) => r.values[k] ?? ""),
    r.record?.status ?? "not run",
    formatFixed(r.score),
    formatFixed(r.record ? finalLoss(r.record.curves.train) : null),
    r.record?.tokensPerSec == null ? "–" : String(Math.round(r.record.tokensPerSec)),
  ]);
  return alignColumns([header, ...body], new Set([0, keys.length + 3, keys.length + 4, keys.length + 5])).join("\n");
}
