/**
 * The agent's stdout for the JSON-RPC stream: Bun's file writer (process.stdout would load node's
 * stream machinery, slower and heavier), with the messages of one macrotask gathered into one
 * write. The write goes out at the end of the macrotask (setImmediate), never later; while the IDE
 * is not reading (the pipe is full), further messages wait for it to drain.
 */

type Sink = { write(chunk: Uint8Array | string): unknown; flush(): number | Promise<number>; end(): unknown };

export type StdoutSink = {
  /** For the SDK's ndJsonStream. */
  stream: WritableStream<Uint8Array>;
  /** A line written outside the SDK (the frame guard's answers), in order with the rest. */
  writeLine(line: string): void;
};

export function stdoutSink(sink: Sink = Bun.stdout.writer()): StdoutSink {
  let scheduled = false;
  let draining: Promise<unknown> | null = null;
  const flush = (): void => {
    scheduled = false;
    const written = sink.flush();
    if (written instanceof Promise) {
      const wait = written.then(
        () => {
          if (draining === wait) draining = null;
        },
        () => {
          if (draining === wait) draining = null;
        },
      );
      draining = wait;
    }
  };
  // Whatever is still held when the process exits goes out first.
  process.once("exit", () => {
    if (scheduled) flush();
  });
  const write = (chunk: Uint8Array | string): void => {
    sink.write(chunk);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const stream = new WritableStream<Uint8Array>({
    async write(chunk) {
      if (draining) await draining;
      write(chunk);
    },
    close() {
      flush();
      sink.end();
    },
  });
  return { stream, writeLine: write };
}
