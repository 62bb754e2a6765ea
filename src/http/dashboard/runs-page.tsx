/** @jsxImportSource hono/jsx */
/** Training runs: the latest, with their losses and speed. */
import { formatTime } from "../../format.ts";
import type { TrainingRunRow } from "../../store/training-runs.ts";
import { Shell, StatusBadge, TableHead } from "./layout.tsx";

const number = (value: number | null, digits = 3) => (value === null ? "–" : value.toFixed(digits));

export function RunsPage(props: { trainingRuns: TrainingRunRow[]; lastEventId: number }) {
  return (
    <Shell title="Runs" section="runs" page="runs" lastEventId={props.lastEventId}>
      <h1>Runs</h1>
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
