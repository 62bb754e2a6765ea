/** @jsxImportSource hono/jsx */
/** Performance across every recorded prompt: the numbers of `punie perf`, charted inline (SVG). */
import { formatBytes, formatMs, formatTime } from "../../format.ts";
import { type Bar, BarList, TimeColumns } from "../../perf/charts.tsx";
import type { PerfSeries, PerfSummary } from "../../perf/summary.ts";
import { Shell } from "./layout.tsx";

export function PerfPage(props: { summary: PerfSummary; series: PerfSeries; lastEventId: number }) {
  const { summary, series } = props;
  const bars: Bar[] = summary.tools.map((tool) => ({
    label: `${tool.name} (${tool.backend})`,
    value: tool.p50Ms ?? 0,
    className: tool.failureRate > 0 ? "bar-fail" : "bar-tool",
    note: `p95 ${formatMs(tool.p95Ms)}, ${tool.count} calls`,
  }));
  if (summary.model.requests > 0) bars.unshift({ label: "model request", value: summary.model.p50Ms ?? 0, className: "bar-model", note: `p95 ${formatMs(summary.model.p95Ms)}, ${summary.model.requests} requests` });
  const formatBucket = (at: number) => (series.bucketMs < 86_400_000 ? formatTime(at) : formatTime(at).slice(0, 10));
  const stats: [string, string][] = [
    ["Prompts", String(summary.prompts)],
    ["Sessions", String(summary.sessions)],
    ["Model time", formatMs(summary.modelMs)],
    ["Tool time", formatMs(summary.toolMs)],
    ["Model p50 / p95", `${formatMs(summary.model.p50Ms)} / ${formatMs(summary.model.p95Ms)}`],
    ["First token p50", formatMs(summary.model.firstEventP50Ms)],
    ["Tokens in / out", `${summary.model.inputTokens} / ${summary.model.outputTokens}`],
    ["Peak memory", summary.peakRss === null ? "–" : formatBytes(summary.peakRss)],
  ];
  return (
    <Shell title="Performance" section="perf" page="perf" lastEventId={props.lastEventId}>
      <h1>Performance</h1>
      <dl class="stats">
        {stats.map(([label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2 id="durations">Median duration per tool and model request</h2>
      {bars.length === 0 ? (
        <p class="empty">
          No prompts recorded yet: every ACP session and <code>punie ask</code> run records one.
        </p>
      ) : (
        <div class="chart panel" role="figure" aria-labelledby="durations">
          <BarList bars={bars} />
        </div>
      )}
      {series.model.length > 0 ? (
        <>
          <h2 id="model-time">Model requests over time (p50)</h2>
          <div class="chart panel" role="figure" aria-labelledby="model-time">
            <TimeColumns points={series.model} formatX={formatBucket} of="model" />
          </div>
        </>
      ) : null}
    </Shell>
  );
}
