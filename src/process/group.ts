/**
 * Signals to whole process groups. Every child Punie starts leads its own group (pgid = pid), so
 * one signal reaches whatever it started in turn (a shell's children, mlx_lm's workers).
 */

/** Sends `signal` to the group led by `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group exists (a zombie not yet reaped counts). */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

/**
 * True while a member of the group is still running. Unlike `groupAlive` it ignores zombies: in a
 * container whose init never reaps, a grandchild's zombie would otherwise look alive forever.
 */
export function groupRunning(pgid: number): boolean {
  if (!groupAlive(pgid)) return false;
  const rows = psByGroup("stat");
  if (!rows) return true;
  return rows.some((row) => row.pgid === pgid && row.value !== "" && !row.value.startsWith("Z"));
}

/** Every process's group and one `ps` column of it (macOS and Linux); null when `ps` fails. */
export function psByGroup(column: "stat" | "rss"): { pgid: number; value: string }[] | null {
  const ps = Bun.spawnSync(["ps", "-A", "-o", `pgid=,${column}=`], { stdout: "pipe", stderr: "ignore" });
  if (!ps.success) return null;
  return ps.stdout
    .toString()
    .split("\n")
    .map((line) => {
      const [group, value = ""] = line.trim().split(/\s+/);
      return { pgid: Number(group), value };
    });
}

const POLL_MS = 25;

/** Resolves true once the group is gone, false when `withinMs` passes first. */
export async function groupGone(pgid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (groupRunning(pgid)) {
    if (Date.now() >= until) return false;
    await Bun.sleep(POLL_MS);
  }
  return true;
}

/**
 * SIGTERM to the group, SIGKILL after `graceMs` if any member is left. For groups Punie holds no
 * handle to (a server `punie mlx start` left running); for its own children use `Child.stop()`.
 *
 * @example await killGroup(record.pid, { graceMs: 10_000 });
 * @returns how the group ended: "term" (went on SIGTERM), "kill" (needed SIGKILL) or "gone" (already was)
 */
export async function killGroup(pgid: number, options: { graceMs: number }): Promise<"gone" | "term" | "kill"> {
  if (!signalGroup(pgid, "SIGTERM")) return "gone";
  if (await groupGone(pgid, options.graceMs)) return "term";
  signalGroup(pgid, "SIGKILL");
  await groupGone(pgid, 1000);
  return "kill";
}
