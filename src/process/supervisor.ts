/**
 * The process-wide registry of live children and the signal handling that goes with it. Signals
 * and exit are process-wide by nature, so this one module keeps the state; everything else asks
 * it through `spawnChild` (src/process/spawn.ts).
 *
 * On SIGINT, SIGTERM or SIGHUP every registered group gets SIGTERM at once (synchronously, so it
 * happens even if another handler exits first), SIGKILL after the grace period; then the shutdown
 * hooks run and punie exits with 128 + the signal number (130 for Ctrl-C). On a normal exit or an
 * uncaught error the "exit" handler SIGTERMs what is left and the reaper finishes the job; after a
 * SIGKILL of punie the reaper does it all.
 */
import { signalGroup } from "./group.ts";
import { ensureReaper } from "./reaper.ts";

type Tracked = { pgid: number; stop(graceMs: number): Promise<unknown> };

/** The signals that stop punie, by number (128 + it is the exit code a shell reports). */
export const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type HandledSignal = keyof typeof SIGNAL_NUMBERS;

const tracked = new Map<number, Tracked>();
const hooks = new Set<(signal: HandledSignal) => unknown>();
const shutdown = new AbortController();
const settings = { graceMs: 3000, exitOnSignal: true, hookTimeoutMs: 10_000 };
let installed = false;

export type SignalSettings = {
  /** Between SIGTERM and SIGKILL when punie stops its children (default 3000 ms). */
  graceMs?: number;
  /**
   * false for front ends that own their exit (the ACP agent, `punie ask`): a signal still ends
   * every child, but punie itself does not exit and no shutdown hook runs. Default true.
   */
  exitOnSignal?: boolean;
};

/** Changes how signals are handled, for the whole process. */
export function configureSignals(options: SignalSettings): void {
  if (options.graceMs !== undefined) settings.graceMs = options.graceMs;
  if (options.exitOnSignal !== undefined) settings.exitOnSignal = options.exitOnSignal;
}

/** The grace period children get between SIGTERM and SIGKILL unless told otherwise. */
export function defaultGraceMs(): number {
  return settings.graceMs;
}

/** Aborted (reason: the signal's name) when SIGINT/SIGTERM/SIGHUP starts punie's shutdown. */
export function shutdownSignal(): AbortSignal {
  return shutdown.signal;
}

/** 128 + the number of the signal that started the shutdown (130 for Ctrl-C), else null. */
export function shutdownExitCode(): number | null {
  const reason: unknown = shutdown.signal.reason;
  return shutdown.signal.aborted && typeof reason === "string" && reason in SIGNAL_NUMBERS ? 128 + SIGNAL_NUMBERS[reason as HandledSignal] : null;
}

/**
 * Runs `hook` after a signal stopped every child and before punie exits (awaited, at most 10 s):
 * where a command records what was interrupted. Returns the function that removes it.
 *
 * @example const off = onShutdown(() => saveRun("interrupted")); try { ... } finally { off(); }
 */
export function onShutdown(hook: (signal: HandledSignal) => unknown): () => void {
  install();
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Registers a live child group: killed on signals, at exit and by the reaper. */
export function track(entry: Tracked): () => Promise<void> {
  install();
  tracked.set(entry.pgid, entry);
  ensureReaper(settings.graceMs)?.add(entry.pgid);
  return async () => {
    if (tracked.get(entry.pgid) !== entry) return;
    tracked.delete(entry.pgid);
    await ensureReaper(settings.graceMs)?.remove(entry.pgid);
  };
}

/** The groups currently registered (tests and diagnostics). */
export function trackedGroups(): number[] {
  return [...tracked.keys()];
}

/** Stops every registered child: SIGTERM, SIGKILL after `graceMs`. */
export async function stopAllChildren(graceMs = settings.graceMs): Promise<void> {
  await Promise.all([...tracked.values()].map((entry) => entry.stop(graceMs)));
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const name of Object.keys(SIGNAL_NUMBERS) as HandledSignal[]) process.on(name, () => void onSignal(name));
  process.on("exit", () => {
    for (const pgid of tracked.keys()) signalGroup(pgid, "SIGTERM");
  });
}

async function onSignal(name: HandledSignal): Promise<void> {
  const code = 128 + SIGNAL_NUMBERS[name];
  if (shutdown.signal.aborted) {
    // A second Ctrl-C while stopping: no more waiting.
    for (const pgid of tracked.keys()) signalGroup(pgid, "SIGKILL");
    process.exit(code);
  }
  for (const pgid of tracked.keys()) signalGroup(pgid, "SIGTERM");
  if (!settings.exitOnSignal) {
    void stopAllChildren();
    return;
  }
  shutdown.abort(name);
  await stopAllChildren();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, settings.hookTimeoutMs)));
  await Promise.race([Promise.allSettled([...hooks].map(async (hook) => hook(name))), timeout]);
  clearTimeout(timer);
  process.exit(code);
}
