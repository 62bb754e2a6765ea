/** @jsxImportSource hono/jsx */
/** Eval and training runs: the latest of each, with their scores and losses. */
import { formatMs, formatPercent, formatTime } from "../../format.ts";
import type { EvalRunRecord } from "../../store/eval-runs.ts";
import type { TrainingRunRow } from "../../store/training-runs.ts";
import { Shell, StatusBadge, TableHead } from "./layout.tsx";

const number = (value: number | null, digits = 3) => (value === null ? "–" : value.toFixed(digits));

export function RunsPage(props: { evalRuns: EvalRunRecord[]; trainingRuns: TrainingRunRow[]; lastEventId: number }) {
  return (
    <Shell title="Runs" section="runs" page="runs" lastEventId={props.lastEventId}>
      <h1>Runs</h1>
      <section aria-labelledby="eval-heading">
        <h2 id="eval-heading">Eval runs</h2>
        {props.evalRuns.length === 0 ? (
          <p class="empty">
            No eval runs yet: <code>punie eval</code> records them.
          </p>
        ) : (
          <div class="panel" style="padding:0">
            <table>
              <TableHead columns={["Run", "Suite", "Model", "Status", "Score", "Success", "Started", "Duration"]} />
              <tbody>
                {props.evalRuns.map((run) => (
                  <tr>
                    <td>
                      <a href={`/api/eval/runs/${encodeURIComponent(run.id)}`}>{run.id.slice(0, 8)}</a>
                    </td>
                    <td>{run.suite}</td>
                    <td class="nowrap">{run.model}</td>
                    <td class="nowrap">
                      <StatusBadge status={run.status} />
                    </td>
                    <td>{number(run.score, 2)}</td>
                    <td>{formatPercent(run.successRate, 0)}</td>
                    <td class="nowrap">{formatTime(run.startedAt)}</td>
                    <td class="nowrap">{run.endedAt === null ? "–" : formatMs(run.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="train-heading">
        <h2 id="train-heading">Training runs</h2>
        {props.trainingRuns.length === 0 ? (
          <p class="empty">
            No training runs yet: <code>punie train</code> records them.
          </p>
        ) : (
          <div class="panel" style="padding:0">
            <table>
              <TableHead columns={["Run", "Kind", "Model", "Status", "Iterations", "Train loss", "Val loss", "Tokens/s", "Started"]} />
              <tbody>
                {props.trainingRuns.map((run) => (
                  <tr>
                    <td>
                      <a href={`/api/train/runs/${encodeURIComponent(run.id)}`}>{run.id.slice(0, 8)}</a>
                    </td>
                    <td>{run.kind}</td>
                    <td class="nowrap">{run.model}</td>
                    <td class="nowrap">
                      <StatusBadge status={run.status} />
                    </td>
                    <td>{`${run.lastIteration ?? 0} / ${run.iters}`}</td>
                    <td>{number(run.finalTrainLoss)}</td>
                    <td>{number(run.finalValLoss)}</td>
                    <td>{number(run.tokensPerSec, 0)}</td>
                    <td class="nowrap">{formatTime(run.startedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Shell>
  );
}
