/**
 * The three deadlines of one model request on a single timer: connect (until the server answers
 * with headers, checked by a probe), first token (until the reply's first real output) and
 * between chunks (from the first output, renewed by every network read). The timer is armed for
 * the nearest deadline that is still pending and, when it fires early for the one that counts now,
 * armed again for what is left: a reply that comes in time costs one timer, not three.
 */
import type { ModelOptions } from "./options.ts";

export type DeadlineKind = "connect" | "firstToken" | "chunk";

export type DeadlineHooks = {
  /** True once the server answered (headers, or a failed fetch): the connect deadline no longer counts. */
  answered(): boolean;
  /** Whether the server accepts a connection (asked when the connect deadline passes unanswered). */
  probe(): Promise<boolean>;
  /** A deadline passed (the connect one only when unanswered and the probe failed). */
  expire(kind: DeadlineKind): void;
};

export type Deadlines = {
  /** A network read of the body: renews the between-chunk deadline once output has started. */
  read(): void;
  /** The reply's first real output: the first-token deadline is met, the between-chunk one starts. */
  started(): void;
  stop(): void;
};

type Times = Pick<ModelOptions, "connectTimeoutMs" | "firstTokenTimeoutMs" | "chunkTimeoutMs">;

const clock = (): number => performance.now();

export function startDeadlines(times: Times, hooks: DeadlineHooks, now: () => number = clock): Deadlines {
  const start = now();
  const connectAt = start + times.connectTimeoutMs;
  const firstTokenAt = start + times.firstTokenTimeoutMs;
  let connectChecked = false;
  let streaming = false;
  let stopped = false;
  let lastRead = 0;
  // When the armed timer fires (on the clock of `now`).
  let due = Math.min(connectAt, firstTokenAt);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = (at: number, from: number): void => {
    due = at;
    // Rounded up: a timer never fires before the deadline it is armed for.
    timer = setTimeout(fire, Math.max(0, Math.ceil(at - from)));
  };

  function fire(): void {
    if (stopped) return;
    const at = now();
    if (streaming) {
      const idleUntil = lastRead + times.chunkTimeoutMs;
      if (at >= idleUntil) hooks.expire("chunk");
      else arm(idleUntil, at);
      return;
    }
    if (!connectChecked && at >= connectAt) {
      connectChecked = true;
      if (!hooks.answered()) {
        void hooks.probe().then((reachable) => {
          if (!reachable && !hooks.answered() && !stopped) hooks.expire("connect");
        });
      }
    }
    if (at >= firstTokenAt) {
      hooks.expire("firstToken");
      return;
    }
    arm(connectChecked ? firstTokenAt : Math.min(connectAt, firstTokenAt), at);
  }

  timer = setTimeout(fire, Math.ceil(due - start));
  return {
    read() {
      if (streaming) lastRead = now();
    },
    started() {
      if (streaming) return;
      streaming = true;
      lastRead = now();
      // The armed timer fires before the between-chunk deadline: it finds the reply streaming and
      // arms for what is left. Only a timer due later is moved.
      const idleUntil = lastRead + times.chunkTimeoutMs;
      if (due > idleUntil) {
        clearTimeout(timer);
        arm(idleUntil, lastRead);
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
