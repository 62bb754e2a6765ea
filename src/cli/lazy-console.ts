/**
 * The human console (consola, console.ts) loaded only when a line is printed: consola brings node's
 * util, tty and stream modules, milliseconds a command that succeeds quietly (`punie ask` with an
 * answer) should not pay. Lines keep their order; `consoleSettled` waits until all are written.
 */
type Level = "error" | "warn" | "info" | "debug";

let queue: Promise<void> = Promise.resolve();

export function consoleLine(level: Level, message: string): Promise<void> {
  queue = queue.then(async () => {
    const { cliConsole } = await import("./console.ts");
    cliConsole[level](message);
  });
  return queue;
}

/** Resolves once every line asked for so far is written (before a command returns or exits). */
export function consoleSettled(): Promise<void> {
  return queue;
}
