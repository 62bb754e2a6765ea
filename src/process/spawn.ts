/**
 * `spawnChild`: the one way Punie starts a child process. The child leads its own process group,
 * is registered with the supervisor (killed on Ctrl-C, SIGTERM, SIGHUP, exit, and by the reaper
 * after a SIGKILL of punie) and is stopped as a group: SIGTERM, then SIGKILL after a grace period.
 */
import { groupGone, groupRunning, killGroup, signalGroup } from "./group.ts";
import { defaultGraceMs, track } from "./supervisor.ts";

export type ExitInfo = {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  /** The signal's name when one ended it (e.g. "SIGTERM"), else null. */
  signal: string | null;
};

/** "was stopped by SIGTERM" or "exited with code 1": how a child ended, for a message. */
export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
}

export type ChildOptions<In extends Bun.SpawnOptions.Writable, Out extends Bun.SpawnOptions.Readable, Err extends Bun.SpawnOptions.Readable> = Omit<
  Bun.SpawnOptions.SpawnOptions<In, Out, Err>,
  "detached" | "onExit" | "signal" | "killSignal"
> & {
  /** Between SIGTERM and SIGKILL when stopped (default: the supervisor's, 3000 ms). */
  graceMs?: number;
  /** Aborting stops the child (and its group). */
  signal?: AbortSignal;
};

export type Child<In extends Bun.SpawnOptions.Writable, Out extends Bun.SpawnOptions.Readable, Err extends Bun.SpawnOptions.Readable> = {
  /** The child's pid, which is also its process group id. */
  readonly pid: number;
  /** The Bun subprocess, for its streams. Do not kill it directly: use `stop()`. */
  readonly proc: Bun.Subprocess<In, Out, Err>;
  /** Resolves when the child has exited and whatever it left in its group has been ended. */
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM to the group, SIGKILL after the grace period; resolves once it has exited. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /**
   * Leaves the child running on purpose after punie ends (a server `punie mlx start` started):
   * no longer stopped on signals, at exit or by the reaper. Give such a child files, not pipes,
   * for its output. Resolves once the reaper has been told.
   */
  detach(): Promise<void>;
  /** `await using child = spawnChild(...)` stops it when the block ends, however it ends. */
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Starts `cmd` in its own process group, tracked until it ends.
 *
 * @example
 * await using child = spawnChild(["python3", "-m", "mlx_lm", "lora", ...], { stdout: "pipe", stderr: "pipe" });
 * for await (const chunk of child.proc.stdout) ...;
 * const { code } = await child.exited;
 */
export function spawnChild<
  const In extends Bun.SpawnOptions.Writable = "ignore",
  const Out extends Bun.SpawnOptions.Readable = "pipe",
  const Err extends Bun.SpawnOptions.Readable = "inherit",
>(cmd: string[], options: ChildOptions<In, Out, Err> = {} as ChildOptions<In, Out, Err>): Child<In, Out, Err> {
  const { graceMs: ownGrace, signal, ...spawnOptions } = options;
  options.signal?.throwIfAborted();
  const proc = Bun.spawn({ ...spawnOptions, cmd, detached: true } as Bun.SpawnOptions.SpawnOptions<In, Out, Err> & { cmd: string[] });
  const pgid = proc.pid;
  const grace = () => ownGrace ?? defaultGraceMs();
  let untrack = async (): Promise<void> => {};
  let detached = false;

  const leaderExit = proc.exited.then(
    (): ExitInfo => ({ code: proc.signalCode ? null : proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode) }),
  );
  const stop = async (graceMs = grace()): Promise<ExitInfo> => {
    if (!groupRunning(pgid)) return leaderExit;
    signalGroup(pgid, "SIGTERM");
    const leaderGone = await Promise.race([leaderExit.then(() => true), Bun.sleep(graceMs).then(() => false)]);
    if (!leaderGone || !(await groupGone(pgid, 50))) signalGroup(pgid, "SIGKILL");
    return leaderExit;
  };
  // A child that ends on its own may leave processes in its group: they end with it.
  const exited = leaderExit.then(async (info) => {
    if (!detached && groupRunning(pgid)) await killGroup(pgid, { graceMs: grace() });
    await untrack();
    return info;
  });

  untrack = track({ pgid, stop });
  const onAbort = () => void stop();
  signal?.addEventListener("abort", onAbort, { once: true });
  void exited.finally(() => signal?.removeEventListener("abort", onAbort));

  return {
    pid: pgid,
    proc,
    exited,
    stop: async (graceMs) => {
      await stop(graceMs);
      return exited;
    },
    async detach() {
      detached = true;
      signal?.removeEventListener("abort", onAbort);
      proc.unref();
      await untrack();
    },
    async [Symbol.asyncDispose]() {
      if (!detached) await stop();
      if (!detached) await exited;
    },
  };
}
