/**
 * Worker side of parallel.ts: scans one byte range for `validate` or `stats` and posts the result
 * (for stats with its rows' hashes, so the main thread counts duplicates across ranges).
 */
import type { ScanResult, ScanTask } from "./parallel.ts";
import { scanStats } from "./stats.ts";
import type { LineProblem } from "./validate-scan.ts";
import { scanValidate } from "./validate-scan.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<ScanTask>) => {
  const task = event.data;
  try {
    if (task.kind === "validate") {
      const scan = await scanValidate(task.path, { range: task.range, fileFormat: task.fileFormat, keep: task.keep });
      self.postMessage({ type: "done", result: { kind: "validate", scan } } satisfies ScanResult);
      return;
    }
    const broken: LineProblem[] = [];
    let brokenNotKept = 0;
    const partial = await scanStats(task.path, {
      range: task.range,
      onBroken: (line, reason) => (broken.length < task.keep ? broken.push({ line, reason }) : brokenNotKept++),
    });
    // The row hashes move to the main thread (transferred, not copied), which counts duplicates over every range.
    self.postMessage({ type: "done", result: { kind: "stats", partial, broken, brokenNotKept } } satisfies ScanResult, [partial.hashes.buffer as ArrayBuffer]);
  } catch (error) {
    self.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies ScanResult);
  }
};
