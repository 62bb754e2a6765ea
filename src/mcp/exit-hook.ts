/**
 * Stdio MCP servers must not outlive their session or punie. The SDK's close ends stdin and
 * escalates to signals, but only for the process it still tracks; a server abandoned during a
 * failed handshake needs ending by pid. The "exit" handler is the last resort when punie exits
 * without closing: it can only act synchronously, so it signals every child still alive.
 */
const livePids = new Set<number>();
let installed = false;
const POLL_MS = 20;

/** Remembers a child to kill at exit; call the returned function once it has ended. */
export function killAtExit(pid: number): () => void {
  if (!installed) {
    installed = true;
    process.once("exit", killAll);
  }
  livePids.add(pid);
  return () => livePids.delete(pid);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function endProcess(pid: number, graceMs = 2000): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, "SIGTERM");
  if (await exited(pid, graceMs)) return;
  signal(pid, "SIGKILL");
  await exited(pid, 1000);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

// No event tells us when a process we no longer hold a handle to has gone, so poll briefly.
async function exited(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

function killAll(): void {
  for (const pid of livePids) signal(pid, "SIGTERM");
  livePids.clear();
}
