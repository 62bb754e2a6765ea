/** The plain-text table `punie perf` prints: aligned columns a person scans in a terminal. */
import { formatBytes, formatMs, formatRate, formatTime } from "../format.ts";
import type { PerfSummary } from "./summary.ts";

export function formatPerfTable(summary: PerfSummary): string {
  const window = summary.since === null ? "all recorded prompts" : `since ${formatTime(summary.since)}`;
  const lines = [
    `${summary.prompts} prompts in ${summary.sessions} sessions (${window}); model ${formatMs(summary.modelMs)}, tools ${formatMs(summary.toolMs)}` +
      (summary.waitMs === null ? "" : `, waiting for you ${formatMs(summary.waitMs)}`) +
      (summary.peakRss === null ? "" : `, peak RSS ${formatBytes(summary.peakRss)}`),
    "",
  ];
  const header = ["tool", "backend", "count", "refused", "failed", "p50", "p95", "waiting for you"];
  const rows = summary.tools.map((tool) => [
    tool.name,
    tool.backend,
    String(tool.count),
    String(tool.refusals),
    formatRate(tool.failureRate),
    formatMs(tool.p50Ms),
    formatMs(tool.p95Ms),
    tool.waitMs === null ? "–" : formatMs(tool.waitMs),
  ]);
  const model = summary.model;
  rows.push([
    "(model requests)",
    "",
    String(model.requests),
    "",
    model.requests === 0 ? "0%" : formatRate(model.failures / model.requests),
    formatMs(model.p50Ms),
    formatMs(model.p95Ms),
    "",
  ]);
  lines.push(...alignColumns([header, ...rows], new Set([2, 3, 4, 5, 6, 7])));
  lines.push(
    "",
    `model: first event p50 ${formatMs(model.firstEventP50Ms)}, p95 ${formatMs(model.firstEventP95Ms)}; tokens in ${model.inputTokens}, out ${model.outputTokens}; ${model.truncated} cut off by max tokens`,
    `"failed": a tool that ran and did not complete, a model request that ended without a finish (error or cancel); "refused": a permission said no (not a failure); tool times exclude waiting for you.`,
  );
  return lines.join("\n");
}

/** Columns padded to their widest cell; the `rightAligned` column indexes (numbers) padded on the left. */
export function alignColumns(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
