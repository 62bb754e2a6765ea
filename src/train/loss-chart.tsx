/** @jsxImportSource hono/jsx */
/**
 * Loss curves as inline SVG: iterations across, loss up, gridlines at round values, a legend.
 * Several series share the axes (train and val of one run, or the val curves of a grid).
 */

export type Series = { name: string; color: string; points: { x: number; y: number }[]; dashed?: boolean };

const WIDTH = 900;
const HEIGHT = 320;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

export const PALETTE = ["#2f6fdf", "#e0762c", "#2a9d6f", "#c8414b", "#8057c9", "#b08a1a", "#1f9bb5", "#d0508f", "#6b7280", "#4c7a2c"];

/**
 * About `count` round values (1, 2 or 5 times a power of ten apart) from at or below `min` to at
 * or above `max`, so the axis ends on labelled values.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let t = Math.floor(min / step + 1e-9) * step; t <= last + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const short = (n: number) => (Math.abs(n) >= 1000 ? `${(n / 1000).toFixed(n % 1000 === 0 ? 0 : 1)}k` : String(n));

export function LossChart(props: { series: Series[]; xLabel?: string; markers?: { x: number; label: string }[] }) {
  const points = props.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  if (points.length === 0) return <p class="muted">No losses reported yet.</p>;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const minX = Math.min(0, ...xs);
  const maxX = Math.max(...xs, minX + 1);
  const yTicks = niceTicks(Math.min(...ys), Math.max(...ys));
  const minY = Math.min(...ys, ...yTicks);
  const maxY = Math.max(...ys, ...yTicks, minY + 0.001);
  const digits = yTicks.length > 1 ? Math.max(0, Math.min(4, -Math.floor(Math.log10((yTicks[1] ?? 1) - (yTicks[0] ?? 0)) + 1e-9))) : 2;
  const sx = (x: number) => PAD.left + ((x - minX) / (maxX - minX)) * (WIDTH - PAD.left - PAD.right);
  const sy = (y: number) => HEIGHT - PAD.bottom - ((y - minY) / (maxY - minY)) * (HEIGHT - PAD.top - PAD.bottom);
  const xTicks = niceTicks(minX, maxX, 8).filter((t) => Number.isInteger(t) && t <= maxX);
  return (
    <figure class="chart">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="loss curves">
        {yTicks.map((t) => (
          <g>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(t).toFixed(1)} y2={sy(t).toFixed(1)} class="grid" />
            <text x={PAD.left - 6} y={(sy(t) + 4).toFixed(1)} text-anchor="end">{t.toFixed(digits)}</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text x={sx(t).toFixed(1)} y={HEIGHT - PAD.bottom + 16} text-anchor="middle">{short(t)}</text>
        ))}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} class="axis" />
        <text x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 6} text-anchor="middle" class="axis-label">{props.xLabel ?? "iteration"}</text>
        <text x="14" y={(PAD.top + HEIGHT - PAD.bottom) / 2} text-anchor="middle" class="axis-label" transform={`rotate(-90 14 ${(PAD.top + HEIGHT - PAD.bottom) / 2})`}>loss</text>
        {(props.markers ?? []).map((m) => (
          <g>
            <line x1={sx(m.x).toFixed(1)} x2={sx(m.x).toFixed(1)} y1={PAD.top} y2={HEIGHT - PAD.bottom} class="axis" stroke-dasharray="3 3" />
            <text x={(sx(m.x) + 4).toFixed(1)} y={PAD.top + 10} class="axis-label">{m.label}</text>
          </g>
        ))}
        {props.series.map((s) => {
          const valid = s.points.filter((p) => Number.isFinite(p.y));
          const path = valid.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
          return (
            <g>
              <polyline points={path} fill="none" stroke={s.color} stroke-width="2" {...(s.dashed ? { "stroke-dasharray": "6 4" } : {})}>
                <title>{s.name}</title>
              </polyline>
              {valid.length <= 60
                ? valid.map((p) => (
                    <circle cx={sx(p.x).toFixed(1)} cy={sy(p.y).toFixed(1)} r="2.5" fill={s.color}>
                      <title>{`${s.name} · iteration ${p.x}: ${p.y.toFixed(3)}`}</title>
                    </circle>
                  ))
                : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="curves-legend">
        {props.series.map((s) => (
          <span class="curve-key">
            <svg width="22" height="10" aria-hidden="true">
              <line x1="0" x2="22" y1="5" y2="5" stroke={s.color} stroke-width="3" {...(s.dashed ? { "stroke-dasharray": "6 4" } : {})} />
            </svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
