/**
 * perf/: performance reports. One prompt (`renderTurnReport`) or many (`perfSummary`,
 * `perfSeries`, `renderPerfReport`, `formatPerfTable`), from what store/ recorded.
 */
export * from "./percentile.ts";
export * from "./summary.ts";
export * from "./table.ts";
export * from "../format.ts";
export { renderTurnReport } from "./turn-report.tsx";
export { renderPerfReport } from "./perf-report.tsx";
