/** @jsxImportSource hono/jsx */
/** The HTML comparison of runs: scores side by side, regressions first, deltas coloured. */
import { formatPercent } from "../format.ts";
import { Page, renderDocument, Stat } from "../perf/layout.tsx";
import type { Comparison } from "./compare.ts";
import { EVAL_STYLE, scoreClass } from "./report-style.ts";
import { ScoreBars } from "./score-bars.tsx";


export function renderCompareReport(comparison: Comparison): string {
  return renderDocument(
    <Page title={`Punie eval comparison: ${comparison.runs.map((run) => run.runId).join(" vs ")}`}>
      <style dangerouslySetInnerHTML={{ __html: EVAL_STYLE }} />
      <h1>Eval comparison</h1>
      <dl class="summary">
        <Stat label="Runs" value={String(comparison.runs.length)} />
        <Stat label="Prompts" value={String(comparison.prompts.length)} />
        <Stat label="Regressions" value={String(comparison.regressions.length)} />
      </dl>
      <h2>Scores</h2>
      <ScoreBars bars={comparison.runs.map((run) => ({ label: `${run.runId} · ${run.model}`, score: run.score, note: `success ${formatPercent(run.successRate)}` }))} />
      <h2>Per prompt</h2>
      <div class="scroll table-wrap">
        <table>
          <thead>
            <tr>
              <th>Prompt</th>
              <th>Category</th>
              {comparison.runs.map((run) => (
                <th class="num">
                  {run.runId}
                  <br />
                  <span class="muted">{`${run.suite} · ${run.model}`}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.prompts.map((prompt) => (
              <tr>
                <td class={prompt.regression ? "delta-down" : ""}>
                  {prompt.regression ? "▼ " : ""}
                  {prompt.id}
                </td>
                <td>{prompt.category}</td>
                {prompt.scores.map((score, index) => {
                  const delta = prompt.deltas[index] ?? null;
                  return (
                    <td class="num">
                      {score === null ? "–" : <span class={scoreClass(score, "score")}>{formatPercent(score)}</span>}
                      {index > 0 && delta !== null && Math.abs(delta) > 1e-9 ? (
                        <span class={delta < 0 ? "delta-down" : "delta-up"}>{` ${delta > 0 ? "+" : ""}${(delta * 100).toFixed(1)}`}</span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>,
  );
}
