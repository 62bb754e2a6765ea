/** @jsxImportSource hono/jsx */
/** An inline SVG of 0..1 scores as horizontal bars, coloured by how good each is. */
import { formatPercent } from "../format.ts";
import { scoreClass } from "./report-style.ts";

export type ScoreBar = { label: string; score: number; note?: string };

export function ScoreBars(props: { bars: ScoreBar[] }) {
  const width = 900;
  const labelWidth = 240;
  // Room right of the bars for the longest "75.0% · note" (about 6.5 units a character at this font).
  const longest = Math.max(0, ...props.bars.map((bar) => barText(bar).length));
  const plot = width - labelWidth - Math.min(300, Math.max(120, 12 + longest * 6.5));
  const row = 24;
  const height = props.bars.length * row + 4;
  return (
    <svg class="scores" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img">
      {props.bars.map((bar, index) => {
        const y = index * row + 2;
        const label = bar.label.length > 36 ? `${bar.label.slice(0, 35)}…` : bar.label;
        return (
          <g>
            <text x={labelWidth - 8} y={y + 15} text-anchor="end">
              {label}
            </text>
            <rect class="bar-track" x={labelWidth} y={y + 3} width={plot} height={row - 6} rx="2" />
            <rect class={scoreClass(bar.score, "bar")} x={labelWidth} y={y + 3} width={Math.max(1, bar.score * plot).toFixed(1)} height={row - 6} rx="2">
              <title>{`${bar.label}: ${formatPercent(bar.score)}${bar.note ? ` (${bar.note})` : ""}`}</title>
            </rect>
            <text x={labelWidth + plot + 8} y={y + 15}>
              {barText(bar)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function barText(bar: ScoreBar): string {
  return `${formatPercent(bar.score)}${bar.note ? ` · ${bar.note}` : ""}`;
}
