/**
 * Worker side of parallel.ts: scans one byte range for `validate` or `stats` and posts the result.
 * Stats rows' hashes stream back in batches so the main thread's set counts duplicates across
 * ranges without any worker holding them all.
 */
import type { ScanResult, ScanTask } from "./parallel.ts";
import { scanStats } from "./stats.ts";
import type { LineProblem } from "./validate-scan.ts";
import { scanValidate } from "./validate-scan.ts";

declare const self: Worker;

const HASH_BATCH = 1 << 15;

self.onmessage = async (event: MessageEvent<ScanTask>) => {
  const task = event.data;
  try {
    if (task.kind === "validate") {
      const scan = await scanValidate(task.path, { range: task.range, fileFormat: task.fileFormat, keep: task.keep });
      self.postMessage({ type: "done", result: { kind: "validate", scan } } satisfies ScanResult);
      return;
    }
    let hashes = new Uint32Array(HASH_BATCH * 2);
    let count = 0;
    const broken: LineProblem[] = [];
    let brokenNotKept = 0;
    const partial = await scanStats(task.path, {
      range: task.range,
      onBroken: (line, reason) => (broken.length < task.keep ? broken.push({ line, reason }) : brokenNotKept++),
      onHash: (hi, lo) => {
        hashes[count * 2] = hi;
        hashes[count * 2 + 1] = lo;
        if (++count === HASH_BATCH) {
          self.postMessage({ type: "hashes", data: hashes } satisfies ScanResult, [hashes.buffer]);
          hashes = new Uint32Array(HASH_BATCH * 2);
          count = 0;
        }
      },
    });
    if (count > 0) self.postMessage({ type: "hashes", data: hashes.subarray(0, count * 2) } satisfies ScanResult);
    self.postMessage({ type: "done", result: { kind: "stats", partial, broken, brokenNotKept } } satisfies ScanResult);
  } catch (error) {
    self.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies ScanResult);
  }
};
