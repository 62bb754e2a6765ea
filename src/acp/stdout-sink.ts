/**
 * The agent's stdout for the JSON-RPC stream: the messages of one macrotask leave in one write at
 * its end (src/stdout-writer.ts); while the IDE is not reading, further messages wait for it.
 */
import { createStdoutWriter, type StdoutWriter } from "../stdout-writer.ts";

export type StdoutSink = {
  /** For the SDK's ndJsonStream. */
  stream: WritableStream<Uint8Array>;
  /** A line written outside the SDK (the frame guard's answers), in order with the rest. */
  writeLine(line: string): void;
};

export function stdoutSink(writer: StdoutWriter = createStdoutWriter()): StdoutSink {
  const stream = new WritableStream<Uint8Array>({
    // No turn of the event loop per message while the reader keeps up (the usual case).
    write(chunk) {
      const draining = writer.ready();
      if (draining === null) writer.write(chunk);
      else return draining.then(() => writer.write(chunk));
    },
    close: () => writer.end(),
  });
  return { stream, writeLine: (line) => writer.write(line) };
}
