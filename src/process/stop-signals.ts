/**
 * Signals for front ends that end themselves (punie ask, the ACP agent): Ctrl-C, SIGTERM
 * (`timeout`, CI runners, `kill`) and SIGHUP (a closed terminal) all stop the front end the same
 * way. The supervisor still ends every child's group on each of them at once; the short grace
 * also bounds the reaper, so after a SIGKILL of punie no command outlives it by more than a second.
 */
import { configureSignals, type HandledSignal, SIGNAL_NUMBERS } from "./supervisor.ts";

export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const satisfies readonly HandledSignal[];
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** 128 + the signal's number, as a shell reports a process a signal ended. */
export const STOP_EXIT_CODES = Object.fromEntries(STOP_SIGNALS.map((signal) => [signal, 128 + SIGNAL_NUMBERS[signal]])) as Record<StopSignal, number>;

/** Grace between SIGTERM and SIGKILL of commands when a front end stops (and for the reaper). */
export const FRONT_END_GRACE_MS = 500;

/**
 * Calls `onStop` once, with the first stop signal; a second one exits at once (children are
 * signalled on exit). Call before starting any child. Returns the function removing the handlers.
 */
export function onStopSignal(onStop: (signal: StopSignal) => void): () => void {
  configureSignals({ exitOnSignal: false, graceMs: FRONT_END_GRACE_MS });
  let stopping = false;
  const handler = (signal: StopSignal) => {
    if (stopping) process.exit(STOP_EXIT_CODES[signal]);
    stopping = true;
    onStop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
