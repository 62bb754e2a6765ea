/**
 * Keeps the scan loops of `validate` and `stats` out of JavaScriptCore's top JIT tier (FTL). Their
 * JS work is small next to JSON.parse, which is native, so FTL's faster code saves little, while
 * compiling it (and recompiling after each speculation failure) cost 0.1–0.2 s of CPU per thread:
 * a third of a 50 MB run, and paid again by every worker thread. DFG code, the tier below, compiles
 * several times faster; measured with bench/dataset.ts, a 500 MB file scans no slower without FTL.
 */
import * as jsc from "bun:jsc";

/** Call before the functions get hot (at module load): later compilations only are affected. */
export function withoutTopTier(...functions: ((...args: never[]) => unknown)[]): void {
  // Optional: a runtime without the hook just keeps its default tiering.
  const noFTL = (jsc as { noFTL?: (f: (...args: never[]) => unknown) => void }).noFTL;
  if (noFTL) for (const f of functions) noFTL(f);
}
