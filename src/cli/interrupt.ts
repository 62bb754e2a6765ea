/**
 * Ctrl-C for long runs (eval, grids): the first one aborts the signal so the work in flight stops
 * and is recorded as interrupted; a second one quits at once (exit 130). Child processes (a
 * managed model server) are stopped by the process module, which waits for the run to be
 * recorded before punie exits.
 */
import { onShutdown } from "../process/index.ts";

export async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write("\nStopping… (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  const recorded = Promise.withResolvers<void>();
  const offShutdown = onShutdown(() => recorded.promise);
  try {
    return await run(controller.signal);
  } finally {
    recorded.resolve();
    offShutdown();
    process.off("SIGINT", onSigint);
  }
}
