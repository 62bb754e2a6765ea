/**
 * stdout through Bun's file writer (process.stdout would load node's stream machinery, slower and
 * heavier), with everything written within one macrotask leaving in one write at its end
 * (setImmediate), never later. While the reader is not reading (the pipe is full), `ready()` waits
 * for it to drain. Used by the ACP agent (JSON-RPC) and `punie ask` (the answer).
 */

type Sink = { write(chunk: Uint8Array | string): unknown; flush(): number | Promise<number>; end(): unknown };

export type StdoutWriter = {
  write(chunk: Uint8Array | string): void;
  /** Writes what is held now; resolves once the pipe took it. */
  flush(): Promise<void>;
  /** Resolves when an earlier write is no longer waiting for the reader; null when none is. */
  ready(): Promise<void> | null;
  end(): void;
};

/**
 * Bun's stdout writer, made on the first write: `punie ask`
 * prints nothing before its model answers, and making the writer is a cold millisecond it need
 * not spend before the request.
 */
export function lateStdoutSink(): Sink {
  let sink: Sink | null = null;
  const open = () => (sink ??= Bun.stdout.writer());
  return {
    write: (chunk) => open().write(chunk),
    flush: () => sink?.flush() ?? 0,
    end: () => sink?.end(),
  };
}

export function createStdoutWriter(sink: Sink = Bun.stdout.writer()): StdoutWriter {
  let scheduled = false;
  let draining: Promise<void> | null = null;
  const flushNow = (): Promise<void> => {
    scheduled = false;
    const written = sink.flush();
    if (!(written instanceof Promise)) return draining ?? Promise.resolve();
    const wait: Promise<void> = written.then(
      () => {
        if (draining === wait) draining = null;
      },
      () => {
        if (draining === wait) draining = null;
      },
    );
    draining = wait;
    return wait;
  };
  // Whatever is still held when the process exits goes out first.
  process.once("exit", () => {
    if (scheduled) flushNow();
  });
  return {
    write(chunk) {
      sink.write(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushNow);
      }
    },
    flush: flushNow,
    ready: () => draining,
    end() {
      flushNow();
      sink.end();
    },
  };
}
