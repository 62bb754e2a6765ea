/** @jsxImportSource hono/jsx */
/**
 * The aggregate report (`punie perf --html`): per tool and backend, counts, failure rates and
 * p50/p95 durations, and how each changed over time.
 */
import { type Bar, BarList, TimeColumns } from "./charts.tsx";
import { formatBytes, formatMs, formatRate, formatTime, plural } from "../format.ts";
import { Page, renderDocument, Stat } from "./layout.tsx";
import type { PerfSeries, PerfSummary } from "./summary.ts";

/** A complete, self-contained HTML document. */
export function renderPerfReport(summary: PerfSummary, series: PerfSeries): string {
  const formatBucket = (at: number) => (series.bucketMs < 86_400_000 ? formatTime(at) : formatTime(at).slice(0, 10));
  // A tool none of whose calls ran (all refused) has no duration to chart.
  const p50Bars: Bar[] = summary.tools.filter((tool) => tool.p50Ms !== null).map((tool) => ({
    label: `${tool.name} (${tool.backend})`,
    value: tool.p50Ms ?? 0,
    className: tool.failures > 0 ? "bar-fail" : "bar-tool",
    note: `p95 ${formatMs(tool.p95Ms)}, ${plural(tool.count, "call")}`,
  }));
  if (summary.model.requests > 0) {
    p50Bars.unshift({ label: "model request", value: summary.model.p50Ms ?? 0, className: "bar-model", note: `p95 ${formatMs(summary.model.p95Ms)}, ${plural(summary.model.requests, "request")}` });
  }
  const window = summary.since === null ? "All recorded prompts" : `Since ${formatTime(summary.since)}`;
  return renderDocument(
    <Page title="Punie performance">
      <h1>Punie performance</h1>
      <p class="muted">{window}</p>
      <dl class="summary">
        <Stat label="Prompts" value={String(summary.prompts)} />
        <Stat label="Sessions" value={String(summary.sessions)} />
        <Stat label="Model time" value={formatMs(summary.modelMs)} />
        <Stat label="Tool time" value={formatMs(summary.toolMs)} />
        <Stat label="Waiting for you" value={summary.waitMs === null ? "not recorded" : formatMs(summary.waitMs)} />
        <Stat label="Model p50 / p95" value={`${formatMs(summary.model.p50Ms)} / ${formatMs(summary.model.p95Ms)}`} />
        <Stat label="First event p50" value={formatMs(summary.model.firstEventP50Ms)} />
        <Stat label="Tokens in / out" value={`${summary.model.inputTokens} / ${summary.model.outputTokens}`} />
        <Stat label="Peak RSS" value={summary.peakRss === null ? "–" : formatBytes(summary.peakRss)} />
      </dl>

      <h2>Tools</h2>
      {summary.tools.length === 0 ? (
        <p class="muted">No tool calls recorded in this window.</p>
      ) : (
        <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Tool</th>
              <th>Backend</th>
              <th class="num">Calls</th>
              <th class="num">Refused</th>
              <th class="num">Failed</th>
              <th class="num">p50</th>
              <th class="num">p95</th>
              <th class="num">Total</th>
              <th class="num">Waiting for you</th>
            </tr>
          </thead>
          <tbody>
            {summary.tools.map((tool) => (
              <tr>
                <td>{tool.name}</td>
                <td>{tool.backend}</td>
                <td class="num">{tool.count}</td>
                <td class="num">{tool.refusals}</td>
                <td class={tool.failures > 0 ? "num status-failed" : "num"}>{formatRate(tool.failureRate)}</td>
                <td class="num">{formatMs(tool.p50Ms)}</td>
                <td class="num">{formatMs(tool.p95Ms)}</td>
                <td class="num">{formatMs(tool.totalMs)}</td>
                <td class="num">{tool.waitMs === null ? "–" : formatMs(tool.waitMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <p class="muted">
        Failed: ran and did not complete (a model request: ended without a finish). Refused: a permission said no; not a failure. Tool
        times exclude the time spent waiting for your answer, shown apart.
      </p>
      {p50Bars.length > 0 ? (
        <>
          <h2>Median durations</h2>
          <BarList bars={p50Bars} />
        </>
      ) : null}

      <h2>Over time</h2>
      <p class="muted">Median duration per {series.bucketMs < 86_400_000 ? "hour" : "day"}; red where something failed. Hover a column for counts and p95.</p>
      {series.model.length > 0 ? (
        <section>
          <h3>model requests</h3>
          <TimeColumns points={series.model} formatX={formatBucket} of="model" />
        </section>
      ) : null}
      {series.tools.map((tool) => (
        <section>
          <h3>
            {tool.name} <span class="muted">({tool.backend})</span>
          </h3>
          {tool.points.some((point) => point.p50Ms !== null) ? (
            <TimeColumns points={tool.points} formatX={formatBucket} of="tool" />
          ) : (
            <p class="muted">No timed call: refused calls have no duration.</p>
          )}
        </section>
      ))}
    </Page>,
  );
}
