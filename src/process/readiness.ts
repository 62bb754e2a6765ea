/**
 * Waiting for a child to become ready: poll a probe with a short timeout per attempt until a
 * deadline, and give up at once if the process dies meanwhile (a server whose model failed to
 * load may hang every request, so no single attempt may wait long).
 */
import { PunieError } from "../errors.ts";
import type { ExitInfo } from "./spawn.ts";

/** The child never became ready: it exited first, or the deadline passed. */
export class NotReadyError extends PunieError {
  readonly reason: "exited" | "timeout";
  readonly exit: ExitInfo | null;
  constructor(reason: "exited" | "timeout", message: string, exit: ExitInfo | null = null) {
    super("not_ready", message);
    this.reason = reason;
    this.exit = exit;
  }
}

/** One attempt: resolve true when ready; false or a rejection means "not yet". */
export type ReadinessProbe = (signal: AbortSignal) => Promise<boolean>;

export type ReadinessOptions = {
  /** Give up after this long (ms from now). */
  deadlineMs: number;
  /** Pause between attempts (default 200 ms). */
  intervalMs?: number;
  /** Each attempt is aborted after this long (default 2000 ms). */
  attemptTimeoutMs?: number;
  /** The process being waited for: its exit ends the wait with reason "exited". */
  exited?: Promise<ExitInfo>;
  /** Aborting ends the wait with the signal's reason. */
  signal?: AbortSignal;
};

/**
 * Polls `probe` until it answers true.
 *
 * @example await waitUntilReady(httpProbe("http://127.0.0.1:8080/health"), { deadlineMs: 60_000, exited: child.exited });
 * @throws NotReadyError when the process exits first or the deadline passes
 */
export async function waitUntilReady(probe: ReadinessProbe, options: ReadinessOptions): Promise<void> {
  const deadline = Date.now() + options.deadlineMs;
  const interval = options.intervalMs ?? 200;
  const attemptTimeout = options.attemptTimeoutMs ?? 2000;
  let exit: ExitInfo | null = null;
  const exited = options.exited?.then((info) => (exit = info));
  for (;;) {
    options.signal?.throwIfAborted();
    if (exit) throw exitedError(exit);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new NotReadyError("timeout", `not ready after ${Math.round(options.deadlineMs / 1000)} s`);
    const attempt = AbortSignal.any([AbortSignal.timeout(Math.min(attemptTimeout, remaining)), ...(options.signal ? [options.signal] : [])]);
    const ready = await Promise.race([probe(attempt).catch(() => false), ...(exited ? [exited.then(() => false)] : [])]);
    if (ready && !exit) return;
    if (exit) throw exitedError(exit);
    await Promise.race([Bun.sleep(Math.min(interval, Math.max(0, deadline - Date.now()))), ...(exited ? [exited] : [])]);
  }
}

function exitedError(exit: ExitInfo): NotReadyError {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return new NotReadyError("exited", `the process ${how} before it was ready`, exit);
}

/** A probe that is ready when `url` answers 2xx. */
export function httpProbe(url: string, init: RequestInit = {}): ReadinessProbe {
  return async (signal) => {
    const response = await fetch(url, { ...init, signal });
    await response.body?.cancel();
    return response.ok;
  };
}
