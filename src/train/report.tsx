/** @jsxImportSource hono/jsx */
/**
 * `punie train report RUN -o F` and DIR/grid.html: one self-contained HTML file (styles inline,
 * no scripts, no CDN), loss curves as inline SVG; hono/jsx escapes every value.
 */
import { formatFixed, formatMs } from "../format.ts";
import { flagName } from "../mlx/flags.ts";
import { Page, renderDocument, Stat } from "../perf/layout.tsx";
import { LossChart, PALETTE, type Series } from "./loss-chart.tsx";
import { finalLoss, type TrainingRecord } from "./record.ts";

const STYLE = `
  .chart { margin: 1rem 0; } .chart > svg { max-width: 100%; height: auto; } .curves-legend { margin: .3rem 0 0 56px; } .curve-key { margin-right: 1.2rem; white-space: nowrap; display: inline-block; }
  .curve-key svg { vertical-align: middle; margin-right: .35rem; } table.settings td:first-child { width: 14rem; }
  table.checkpoints td:first-child { width: 6rem; }
  .badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; vertical-align: middle; color: var(--badge); background: color-mix(in srgb, var(--badge) 10%, var(--panel)); }
  .badge.finished { --badge: var(--good); } .badge.running { --badge: var(--accent); } .badge.interrupted { --badge: var(--mid); } .badge.failed { --badge: var(--fail); }
  pre { background: var(--code); padding: .6rem .8rem; border-radius: 6px; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
  tr.best td { font-weight: 600; background: color-mix(in srgb, var(--good-bar) 12%, var(--panel)); } code { font-size: 12px; } dd { overflow-wrap: anywhere; }
`;

function bestVal(record: TrainingRecord): { iteration: number; loss: number } | null {
  let best: { iteration: number; loss: number } | null = null;
  for (const p of record.curves.val) if (p.loss !== null && (best === null || p.loss < best.loss)) best = { iteration: p.iteration, loss: p.loss };
  return best;
}

const toPoints = (points: { iteration: number; loss: number | null }[]) =>
  points.filter((p): p is { iteration: number; loss: number } => p.loss !== null).map((p) => ({ x: p.iteration, y: p.loss }));

function Badge(props: { status: string }) {
  return <span class={`badge ${props.status}`}>{props.status}</span>;
}

function Extra() {
  return <style dangerouslySetInnerHTML={{ __html: STYLE }} />;
}

export function renderRunReport(record: TrainingRecord): string {
  const best = bestVal(record);
  const s = record.settings;
  const markers = record.resumedFrom ? [{ x: record.resumedFrom.iteration, label: `resumed at ${record.resumedFrom.iteration}` }] : [];
  const series: Series[] = [
    { name: "train loss", color: PALETTE[0] ?? "#2f6fdf", points: toPoints(record.curves.train) },
    { name: "validation loss", color: PALETTE[1] ?? "#e0762c", points: toPoints(record.curves.val), dashed: true },
  ];
  return renderDocument(
    <Page title={`Training run ${record.id}`}>
      <Extra />
      <h1>
        Training run {record.id} <Badge status={record.status} />
      </h1>
      <p class="muted">
        {record.model} on {record.data} → {record.output}
      </p>
      <dl class="summary">
        <Stat label="iterations" value={`${record.lastIteration} / ${s.iters}`} />
        <Stat label="final train loss" value={formatFixed(finalLoss(record.curves.train))} />
        <Stat label="final val loss" value={formatFixed(finalLoss(record.curves.val))} />
        <Stat label="best val loss" value={best ? `${best.loss.toFixed(3)} @ ${best.iteration}` : "–"} />
        <Stat label="tokens/s" value={record.tokensPerSec === null ? "–" : String(Math.round(record.tokensPerSec))} />
        <Stat label="peak memory" value={record.peakMemGb === null ? "–" : `${record.peakMemGb.toFixed(2)} GB`} />
        <Stat label="trainable parameters" value={record.trainableParameters ? `${record.trainableParameters.trainableM.toFixed(3)}M (${record.trainableParameters.percent}%)` : "–"} />
        <Stat label="duration" value={record.durationS === null ? "–" : formatMs(record.durationS * 1000)} />
        {record.test ? <Stat label="test loss / ppl" value={`${formatFixed(record.test.loss)} / ${formatFixed(record.test.ppl)}`} /> : null}
        <Stat label="mlx_lm" value={record.mlxLmVersion ?? "–"} />
        <Stat label="started" value={record.startedAt.replace("T", " ").slice(0, 19)} />
        <Stat label="data fingerprint" value={record.dataFingerprint.slice(0, 12)} />
      </dl>
      {record.error ? <p class="status-failed">{record.error}</p> : null}
      <h2>Loss</h2>
      <LossChart series={series} markers={markers} />
      <h2>Settings</h2>
      <table class="settings">
        <tbody>
          {Object.entries(s).map(([key, value]) => (
            <tr>
              <td>--{flagName(key)}</td>
              <td>
                <code>{String(value)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Checkpoints</h2>
      {record.checkpoints.length === 0 ? (
        <p class="muted">None saved.</p>
      ) : (
        <table class="checkpoints">
          <thead>
            <tr>
              <th class="num">iteration</th>
              <th>file</th>
            </tr>
          </thead>
          <tbody>
            {record.checkpoints.map((c) => (
              <tr>
                <td class="num">{c.iteration}</td>
                <td>
                  <code>{c.file}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Command</h2>
      <pre>{record.argv.join(" ")}</pre>
    </Page>,
  );
}

export type GridRow = { name: string; values: Record<string, string>; record: TrainingRecord | null; score: number | null };

/** `scorer` names what ranks the runs (default: final validation loss). */
export function renderGridReport(title: string, rows: readonly GridRow[], scorer = { label: "final validation loss", column: "val loss", higherIsBetter: false }): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  const series: Series[] = rows
    .filter((r) => r.record)
    .map((r, i) => ({ name: r.name, color: PALETTE[i % PALETTE.length] ?? "#2f6fdf", points: toPoints(r.record?.curves.val ?? []) }));
  const bestName = rows.find((r) => r.score !== null)?.name;
  return renderDocument(
    <Page title={title}>
      <Extra />
      <h1>{title}</h1>
      <p class="muted">
        Scored by {scorer.label} ({scorer.higherIsBetter ? "higher" : "lower"} is better); best first.
      </p>
      <div class="scroll">
      <table>
        <thead>
          <tr>
            <th class="num">#</th>
            <th>run</th>
            {keys.map((k) => (
              <th>{k}</th>
            ))}
            <th>status</th>
            <th class="num">{scorer.column}</th>
            <th class="num">train loss</th>
            <th class="num">tok/s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr class={r.name === bestName ? "best" : ""}>
              <td class="num">{i + 1}</td>
              <td>{r.name}</td>
              {keys.map((k) => (
                <td>{r.values[k] ?? ""}</td>
              ))}
              <td>{r.record ? <Badge status={r.record.status} /> : "not run"}</td>
              <td class="num">{formatFixed(r.score)}</td>
              <td class="num">{formatFixed(r.record ? finalLoss(r.record.curves.train) : null)}</td>
              <td class="num">{r.record?.tokensPerSec == null ? "–" : String(Math.round(r.record.tokensPerSec))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <h2>Validation loss</h2>
      <LossChart series={series} />
    </Page>,
  );
}
