/**
 * A one-line spinner on a terminal: what is being waited for, the seconds so far, and an optional
 * tail (a running command's last output line). Other output clears it first (`clear()`); the next
 * tick draws it again below that output.
 */
export type Spinner = {
  /** Starts (or restarts) with a new label; the seconds count from now. */
  start(label: string): void;
  /** The running command's latest output line. */
  tail(text: string): void;
  /** Stops and clears the line. */
  stop(): void;
  /** Clears the line before other output (it is drawn again on the next tick). */
  clear(): void;
};

export const NO_SPINNER: Spinner = { start() {}, tail() {}, stop() {}, clear() {} };

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export type SpinnerOptions = { intervalMs?: number; color?: boolean };

/** The spinner line (pure): `⠋ Waiting for the model… 3s │ tail`, cut to `columns`. */
export function spinnerLine(frame: number, label: string, seconds: number, tail: string, columns: number, color: boolean): string {
  const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[0m` : text);
  const width = Math.max(columns - 1, 20);
  // A long label (a command line) leaves room for the output tail.
  const labelRoom = Math.max(Math.floor(width / 2), 10);
  const shownLabel = label.length > labelRoom ? `${label.slice(0, labelRoom - 1)}…` : label;
  const head = `${FRAMES[frame % FRAMES.length]} ${shownLabel} ${seconds}s`;
  const clean = tail.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/[\x00-\x1f\x7f]/g, " ").trim();
  const room = width - head.length - 3;
  if (clean === "" || room < 8) return head;
  return `${head}${dim(` │ ${clean.length > room ? `${clean.slice(0, room - 1)}…` : clean}`)}`;
}

export function createSpinner(stream: NodeJS.WriteStream, options: SpinnerOptions = {}): Spinner {
  const intervalMs = options.intervalMs ?? 100;
  let timer: ReturnType<typeof setInterval> | null = null;
  let label = "";
  let tail = "";
  let since = 0;
  let frame = 0;
  let drawn = false;
  const draw = () => {
    const seconds = Math.floor((performance.now() - since) / 1000);
    stream.write(`\r\x1b[2K${spinnerLine(frame++, label, seconds, tail, stream.columns || 80, options.color ?? false)}`);
    drawn = true;
  };
  const clear = () => {
    if (!drawn) return;
    stream.write("\r\x1b[2K");
    drawn = false;
  };
  return {
    start(next) {
      label = next;
      tail = "";
      since = performance.now();
      if (timer === null) {
        timer = setInterval(draw, intervalMs);
        timer.unref();
      }
      draw();
    },
    tail(text) {
      tail = text;
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      clear();
    },
    clear,
  };
}
