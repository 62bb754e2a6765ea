/** @jsxImportSource hono/jsx */
/**
 * The report for ONE prompt (`punie ask --perf`): what it cost, where the time went (model or
 * tools), each tool call, and memory over the turn.
 */
import type { TurnRecord } from "../store/index.ts";
import { type Bar, BarList, LineChart, StackedBar } from "./charts.tsx";
import { formatBytes, formatMs, formatTime } from "../format.ts";
import { Page, renderDocument, Stat } from "./layout.tsx";

/** A complete, self-contained HTML document for the turn. */
export function renderTurnReport(record: TurnRecord): string {
  const totalMs = Math.max(0, record.endedAt - record.startedAt);
  const otherMs = Math.max(0, totalMs - record.modelMs - record.toolMs);
  const requestBars: Bar[] = record.modelRequests.map((request) => ({
    label: `model request ${request.index}`,
    value: request.durationMs,
    className: "bar-model",
    note: request.firstEventMs === null ? "no answer" : `first event ${formatMs(request.firstEventMs)}`,
  }));
  const toolBars: Bar[] = record.toolCalls.map((call) => ({
    label: `${call.name}: ${call.title}`,
    value: call.durationMs ?? 0,
    className: call.status === "completed" ? "bar-tool" : "bar-fail",
    note: `${call.status}, ${call.backend}`,
  }));
  return renderDocument(
    <Page title={`Punie prompt report: ${record.prompt.slice(0, 60)}`}>
      <h1>Prompt report</h1>
      <p class="muted">
        {formatTime(record.startedAt)} · {record.model} · {record.frontend} front end, tools via {record.backend}
      </p>
      <p class="prompt">{record.prompt}</p>
      {record.error ? <p class="status-failed">{record.error}</p> : null}

      <h2>Summary</h2>
      <dl class="summary">
        <Stat label="Total time" value={formatMs(totalMs)} />
        <Stat label="Model time" value={formatMs(record.modelMs)} />
        <Stat label="Tool time" value={formatMs(record.toolMs)} />
        <Stat label="Stop reason" value={record.stopReason} />
        <Stat label="Model requests" value={String(record.modelRequests.length)} />
        <Stat label="Tool calls" value={String(record.toolCalls.length)} />
        <Stat label="Input tokens" value={String(record.usage.inputTokens)} />
        <Stat label="Output tokens" value={String(record.usage.outputTokens)} />
        <Stat label="Peak RSS" value={formatBytes(record.memory.peakRss)} />
      </dl>

      <h2>Model vs tool time</h2>
      <StackedBar
        parts={[
          { label: "model", value: record.modelMs, className: "bar-model" },
          { label: "tools", value: record.toolMs, className: "bar-tool" },
          { label: "other", value: otherMs, className: "bar-other" },
        ]}
      />
      <p class="legend muted">
        <span style="background: var(--model)" />model {formatMs(record.modelMs)}
        <span style="background: var(--tool)" />tools {formatMs(record.toolMs)}
        <span style="background: var(--other)" />other {formatMs(otherMs)}
      </p>
      {requestBars.length + toolBars.length > 0 ? <BarList bars={[...requestBars, ...toolBars]} /> : null}

      <h2>Tool calls</h2>
      {record.toolCalls.length === 0 ? (
        <p class="muted">No tool calls.</p>
      ) : (
        <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Tool</th>
              <th>Title</th>
              <th>Backend</th>
              <th>Status</th>
              <th class="num">Duration</th>
            </tr>
          </thead>
          <tbody>
            {record.toolCalls.map((call) => (
              <tr>
                <td>{call.name}</td>
                <td>{call.title}</td>
                <td>{call.backend}</td>
                <td class={`status-${call.status}`}>{call.status}</td>
                <td class="num">{formatMs(call.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}

      <h2>Memory</h2>
      <dl class="summary">
        <Stat label="RSS at start" value={formatBytes(record.memory.startRss)} />
        <Stat label="RSS at end" value={formatBytes(record.memory.endRss)} />
        <Stat label="Peak RSS" value={formatBytes(record.memory.peakRss)} />
      </dl>
      {record.memory.samples.length > 1 ? (
        <LineChart
          points={record.memory.samples.map((sample) => ({ x: sample.atMs, y: sample.rss }))}
          formatX={(ms) => formatMs(ms)}
          formatY={formatBytes}
        />
      ) : null}
    </Page>,
  );
}
