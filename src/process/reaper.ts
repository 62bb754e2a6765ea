/**
 * The reaper: a tiny `sh` watchdog that outlives a SIGKILL of punie. It reads "add PGID" and
 * "del PGID" lines from a pipe only punie holds; when the pipe closes (punie ended, however) it
 * SIGTERMs every group still registered and SIGKILLs what is left after the grace period.
 * `sh` because it is on every macOS and Linux machine and starts in a few milliseconds; it runs in
 * its own session so the terminal's Ctrl-C and hang-up never reach it.
 */
import type { FileSink } from "bun";

/** Positional: $1 = grace in tenths of a second. Pure POSIX sh (dash, bash 3.2 on macOS). */
export const REAPER_SCRIPT = `trap '' INT HUP
g=$1
set --
while read -r op pg; do
  case $op in
    add) set -- "$@" "$pg" ;;
    del) for p do shift; [ "$p" = "$pg" ] || set -- "$@" "$p"; done ;;
  esac
done
[ $# -eq 0 ] && exit 0
for p do kill -s TERM -- "-$p" 2>/dev/null; done
i=0
while [ "$i" -lt "$g" ]; do
  alive=0
  for p do kill -s 0 -- "-$p" 2>/dev/null && alive=1; done
  [ "$alive" -eq 0 ] && exit 0
  sleep 0.1
  i=$((i + 1))
done
for p do kill -s KILL -- "-$p" 2>/dev/null; done
`;

export type Reaper = {
  /** The watchdog's pid (tests check it). */
  readonly pid: number;
  add(pgid: number): void;
  /** Resolves once the line has been handed to the pipe. */
  remove(pgid: number): Promise<void>;
};

let reaper: (Reaper & { sink: FileSink }) | null = null;

/** The process-wide reaper, started on first use. Returns null where `sh` cannot start. */
export function ensureReaper(graceMs: number): Reaper | null {
  if (reaper) return reaper;
  let proc: Bun.Subprocess<"pipe", "ignore", "ignore">;
  try {
    proc = Bun.spawn(["/bin/sh", "-c", REAPER_SCRIPT, "punie-reaper", String(Math.max(1, Math.ceil(graceMs / 100)))], {
      stdin: "pipe",
      stdout: "ignore",
      stderr: "ignore",
      detached: true,
    });
  } catch {
    return null;
  }
  // Neither the watchdog nor its pipe may keep punie alive: it is there for when punie is gone.
  proc.unref();
  proc.stdin.unref();
  const sink = proc.stdin;
  const send = async (line: string): Promise<void> => {
    try {
      sink.write(line);
      await sink.flush();
    } catch {
      // The watchdog died (someone killed it): the signal handlers still cover normal exits.
    }
  };
  reaper = {
    pid: proc.pid,
    sink,
    add: (pgid) => void send(`add ${pgid}\n`),
    remove: (pgid) => send(`del ${pgid}\n`),
  };
  return reaper;
}
