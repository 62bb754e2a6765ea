/**
 * Ctrl-C for long runs (eval, grids): the first one aborts the signal so the work in flight stops
 * and is recorded; a second one quits at once (exit 130).
 */
export async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write("\nStopping… (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}
