/** @jsxImportSource hono/jsx */
/**
 * Inline SVG charts for the perf reports: horizontal bars, a stacked bar, a line, and columns over
 * time. Sizes are computed here so the HTML needs no script; each chart is drawn in its viewBox
 * and scales to the window (class "chart": full width, never wider than drawn).
 */
import { formatMs, plural } from "../format.ts";

export type Bar = { label: string; value: number; className: "bar-model" | "bar-tool" | "bar-other" | "bar-fail"; note?: string };

const LABEL_WIDTH = 220;
const CHART_WIDTH = 900;
/** Longest bar label that fits left of the bars (about 6.5 units a character at the chart's font). */
const LABEL_CHARS = Math.floor((LABEL_WIDTH - 12) / 6.5);

/** One row per bar, scaled to the largest. */
export function BarList(props: { bars: Bar[]; format?: (value: number) => string }) {
  const format = props.format ?? formatMs;
  const max = Math.max(1e-9, ...props.bars.map((bar) => bar.value));
  const rowHeight = 22;
  // Room right of the longest bar for its value and note (about 6.5 units per character at the chart's font).
  const longestText = Math.max(0, ...props.bars.map((bar) => barText(bar, format).length));
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - Math.min(360, Math.max(110, 12 + longestText * 6.5));
  return (
    <svg class="chart" role="img" viewBox={`0 0 ${CHART_WIDTH} ${props.bars.length * rowHeight + 4}`}>
      {props.bars.map((bar, index) => {
        const y = index * rowHeight + 2;
        const width = Math.max(1, (bar.value / max) * plotWidth);
        return (
          <g>
            <text x={LABEL_WIDTH - 8} y={y + 14} text-anchor="end">
              {truncate(bar.label, LABEL_CHARS)}
            </text>
            <rect class={bar.className} x={LABEL_WIDTH} y={y + 3} width={width.toFixed(1)} height={rowHeight - 6} rx="2">
              <title>{`${bar.label}: ${format(bar.value)}${bar.note ? ` (${bar.note})` : ""}`}</title>
            </rect>
            <text x={(LABEL_WIDTH + width + 6).toFixed(1)} y={y + 14}>
              {barText(bar, format)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Parts of one whole, side by side in one bar (e.g. model, tools, other of a turn). */
export function StackedBar(props: { parts: Bar[] }) {
  const total = props.parts.reduce((sum, part) => sum + Math.max(0, part.value), 0) || 1;
  let x = 0;
  return (
    <svg class="chart" role="img" viewBox={`0 0 ${CHART_WIDTH} 34`}>
      {props.parts.map((part) => {
        const width = (Math.max(0, part.value) / total) * CHART_WIDTH;
        const rect = (
          <rect class={part.className} x={x.toFixed(1)} y="4" width={width.toFixed(1)} height="26">
            <title>{`${part.label}: ${formatMs(part.value)}`}</title>
          </rect>
        );
        x += width;
        return rect;
      })}
    </svg>
  );
}

/** A line over x (ms or epoch) with min/max marked on the y axis. */
export function LineChart(props: { points: { x: number; y: number }[]; formatY: (value: number) => string; formatX: (value: number) => string }) {
  const width = CHART_WIDTH;
  const height = 160;
  const pad = { left: 80, right: 20, top: 10, bottom: 24 };
  const xs = props.points.map((point) => point.x);
  const ys = props.points.map((point) => point.y);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const scaleX = (x: number) => pad.left + ((x - minX) / (maxX - minX || 1)) * (width - pad.left - pad.right);
  const scaleY = (y: number) => height - pad.bottom - ((y - minY) / (maxY - minY || 1)) * (height - pad.top - pad.bottom);
  const path = props.points.map((point) => `${scaleX(point.x).toFixed(1)},${scaleY(point.y).toFixed(1)}`).join(" ");
  return (
    <svg class="chart" role="img" viewBox={`0 0 ${width} ${height}`}>
      <line class="grid" x1={pad.left} x2={width - pad.right} y1={scaleY(maxY)} y2={scaleY(maxY)} />
      <line class="grid" x1={pad.left} x2={width - pad.right} y1={scaleY(minY)} y2={scaleY(minY)} />
      <text x={pad.left - 6} y={scaleY(maxY) + 4} text-anchor="end">{props.formatY(maxY)}</text>
      <text x={pad.left - 6} y={scaleY(minY) + 4} text-anchor="end">{props.formatY(minY)}</text>
      <text x={pad.left} y={height - 6}>{props.formatX(minX)}</text>
      <text x={width - pad.right} y={height - 6} text-anchor="end">{props.formatX(maxX)}</text>
      <polyline class="line" points={path} />
    </svg>
  );
}

/**
 * Columns per time bucket: height is the p50 duration, red when anything failed in it; otherwise
 * the colour of what is timed (model requests or a tool, as in the other charts).
 */
export function TimeColumns(props: {
  points: { start: number; count: number; failures: number; p50Ms: number | null; p95Ms: number | null }[];
  formatX: (value: number) => string;
  of: "model" | "tool";
}) {
  const width = CHART_WIDTH;
  const height = 110;
  const pad = { left: 80, bottom: 20, top: 8 };
  const max = Math.max(1e-9, ...props.points.map((point) => point.p50Ms ?? 0));
  const step = (width - pad.left) / Math.max(1, props.points.length);
  const columnWidth = Math.max(2, Math.min(40, step - 2));
  const plotHeight = height - pad.bottom - pad.top;
  return (
    <svg class="chart" role="img" viewBox={`0 0 ${width} ${height}`}>
      <text x={pad.left - 6} y={pad.top + 8} text-anchor="end">{formatMs(max)}</text>
      <line class="grid" x1={pad.left} x2={width} y1={height - pad.bottom} y2={height - pad.bottom} />
      {props.points.map((point, index) => {
        const columnHeight = Math.max(1, ((point.p50Ms ?? 0) / max) * plotHeight);
        const x = pad.left + index * step + 1;
        return (
          <rect class={point.failures > 0 ? "bar-fail" : `bar-${props.of}`} x={x.toFixed(1)} y={(height - pad.bottom - columnHeight).toFixed(1)} width={columnWidth.toFixed(1)} height={columnHeight.toFixed(1)}>
            <title>{`${props.formatX(point.start)}: ${plural(point.count, "call")}, ${point.failures} failed, p50 ${formatMs(point.p50Ms)}, p95 ${formatMs(point.p95Ms)}`}</title>
          </rect>
        );
      })}
      {props.points.length > 0 ? <text x={pad.left} y={height - 4}>{props.formatX(props.points[0]?.start ?? 0)}</text> : null}
      {props.points.length > 1 ? <text x={width} y={height - 4} text-anchor="end">{props.formatX(props.points.at(-1)?.start ?? 0)}</text> : null}
    </svg>
  );
}

function barText(bar: Bar, format: (value: number) => string): string {
  return `${format(bar.value)}${bar.note ? ` · ${bar.note}` : ""}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
