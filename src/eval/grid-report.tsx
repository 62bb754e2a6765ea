/** @jsxImportSource hono/jsx */
/** grid.html: every combination's score, best first. */
import { formatMs, formatPercent } from "../format.ts";
import { Page, renderDocument, Stat } from "../perf/layout.tsx";
import type { GridRow } from "./grid.ts";
import { EVAL_STYLE, scoreClass } from "./report-style.ts";
import { ScoreBars } from "./score-bars.tsx";

export function renderGridReport(input: { suite: string; model: string; rows: GridRow[] }): string {
  const best = input.rows[0];
  return renderDocument(
    <Page title={`Punie eval grid: ${input.suite} · ${input.model}`}>
      <style dangerouslySetInnerHTML={{ __html: EVAL_STYLE }} />
      <h1>
        Eval grid {input.suite} · {input.model}
      </h1>
      <dl class="summary">
        <Stat label="Combinations" value={String(input.rows.length)} />
        <Stat label="Best" value={best ? best.combo.name || "(defaults)" : "–"} />
        <Stat label="Best score" value={formatPercent(best?.score ?? null)} />
      </dl>
      <h2>Scores</h2>
      <ScoreBars bars={input.rows.map((row) => ({ label: row.combo.name || "(defaults)", score: row.score, note: `success ${formatPercent(row.successRate, 0)}` }))} />
      <h2>Runs</h2>
      <div class="scroll table-wrap">
        <table>
          <thead>
            <tr>
              <th class="num">Rank</th>
              <th>Settings</th>
              <th class="num">Score</th>
              <th class="num">Success</th>
              <th class="num">Time</th>
              <th>Run</th>
            </tr>
          </thead>
          <tbody>
            {input.rows.map((row, index) => (
              <tr>
                <td class="num">{index + 1}</td>
                <td>{row.combo.name || "(defaults)"}</td>
                <td class={`num ${scoreClass(row.score, "score")}`}>{formatPercent(row.score)}</td>
                <td class="num">{formatPercent(row.successRate, 0)}</td>
                <td class="num">{formatMs(row.durationMs)}</td>
                <td>
                  <code>{row.runId}</code>
                  {row.status !== "done" ? <span class="tag tag-failed">{row.status}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">Each run: punie eval show RUN --output report.html</p>
    </Page>,
  );
}
