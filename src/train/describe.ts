/** `punie train show RUN` as text (pure). */
import { formatFixed, formatMs } from "../format.ts";
import { flagName } from "../mlx/flags.ts";
import { finalLoss, type TrainingRecord } from "./record.ts";

export function describeRun(record: TrainingRecord): string {
  const lines = [
    `run ${record.id} (${record.kind}): ${record.status}`,
    `model       ${record.model}`,
    `data        ${record.data} (sha256 ${record.dataFingerprint.slice(0, 12)})`,
    `output      ${record.output}`,
    `iterations  ${record.lastIteration} / ${record.settings.iters}${record.resumedFrom ? ` (resumed at ${record.resumedFrom.iteration})` : ""}`,
    `loss        train ${formatFixed(finalLoss(record.curves.train))}, val ${formatFixed(finalLoss(record.curves.val))}`,
    `speed       ${record.tokensPerSec === null ? "–" : Math.round(record.tokensPerSec)} tokens/s, peak memory ${formatFixed(record.peakMemGb, 2)} GB`,
    `duration    ${record.durationS === null ? "–" : formatMs(record.durationS * 1000)}`,
    `mlx_lm      ${record.mlxLmVersion ?? "–"} (${record.python})`,
  ];
  if (record.test) lines.push(`test        loss ${formatFixed(record.test.loss)}, ppl ${formatFixed(record.test.ppl)}`);
  if (record.error) lines.push(`error       ${record.error}`);
  // Named as the flags that set them (and as the HTML report shows them): --batch-size 4.
  lines.push(`settings    ${Object.entries(record.settings).map(([k, v]) => `--${flagName(k)} ${v}`).join(" ")}`);
  if (record.checkpoints.length > 0) lines.push(`checkpoints ${record.checkpoints.map((c) => c.iteration).join(", ")}`);
  return lines.join("\n");
}
