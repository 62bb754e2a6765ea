/** @jsxImportSource hono/jsx */
/** An inline SVG of 0..1 scores as horizontal bars, coloured by how good each is. */
import { scoreClass } from "./report-style.ts";

export type ScoreBar = { label: string; score: number; note?: string };

export function ScoreBars(props: { bars: ScoreBar[] }) {
  const width = 900;
  const labelWidth = 240;
  const plot = width - labelWidth - 120;
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
              <title>{`${bar.label}: ${(bar.score * 100).toFixed(1)}%${bar.note ? ` (${bar.note})` : ""}`}</title>
            </rect>
            <text x={labelWidth + plot + 8} y={y + 15}>
              {`${(bar.score * 100).toFixed(1)}%${bar.note ? ` · ${bar.note}` : ""}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
