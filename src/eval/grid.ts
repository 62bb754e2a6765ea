/**
 * `punie eval grid` (pure parts): every combination of request-level sampling values, as the
 * environment overrides the model reads per request, and the results ranked best first.
 */
import { formatPercent } from "../format.ts";
import { alignColumns } from "../perf/table.ts";

export type GridAxes = { temperatures?: number[] | undefined; topPs?: number[] | undefined; repetitionPenalties?: number[] | undefined };

export type GridCombo = {
  /** e.g. `temp=0 top_p=0.9`. */
  name: string;
  values: Record<string, number>;
  /** PUNIE_* overrides the model reads (model/options.ts). */
  env: Record<string, string>;
};

const AXES = [
  { key: "temperatures", label: "temp", env: "PUNIE_TEMPERATURE" },
  { key: "topPs", label: "top_p", env: "PUNIE_TOP_P" },
  { key: "repetitionPenalties", label: "repetition_penalty", env: "PUNIE_REPETITION_PENALTY" },
] as const;

/** Every combination of the axes given, in the order given (an axis left out is not varied). */
export function gridCombos(axes: GridAxes): GridCombo[] {
  let combos: GridCombo[] = [{ name: "", values: {}, env: {} }];
  for (const axis of AXES) {
    const values = axes[axis.key];
    if (!values || values.length === 0) continue;
    combos = combos.flatMap((combo) =>
      values.map((value) => ({
        name: `${combo.name}${combo.name ? " " : ""}${axis.label}=${value}`,
        values: { ...combo.values, [axis.label]: value },
        env: { ...combo.env, [axis.env]: String(value) },
      })),
    );
  }
  return combos;
}

/** A combination with a server-level value added to its name and values (not to its env: the server takes it). */
export function withServerValue(combo: GridCombo, label: string, value: number): GridCombo {
  return { name: `${label}=${value}${combo.name ? ` ${combo.name}` : ""}`, values: { [label]: value, ...combo.values }, env: combo.env };
}

export type GridRow = { combo: GridCombo; runId: string; score: number; successRate: number; durationMs: number; status: string };

/** Best score first; ties by success rate, then the faster run. */
export function rankGrid(rows: readonly GridRow[]): GridRow[] {
  return [...rows].sort((a, b) => b.score - a.score || b.successRate - a.successRate || a.durationMs - b.durationMs);
}

export function formatGridTable(rows: readonly GridRow[]): string {
  const table = [["rank", "settings", "score", "success", "run"], ...rows.map((row, index) => [String(index + 1), row.combo.name || "(defaults)", row.score.toFixed(3), formatPercent(row.successRate, 0), row.runId])];
  return alignColumns(table, new Set([0, 2, 3])).join("\n");
}
