/**
 * Stdio MCP servers must not outlive punie. `close()` shuts them down politely; this is the last
 * resort when the process exits without it: the "exit" handler can only act synchronously, so it
 * signals every child still alive. One handler for the process, installed on first use.
 */
const livePids = new Set<number>();
let installed = false;

/** Remembers a child to kill at exit; call the returned function once it has been closed. */
export function killAtExit(pid: number): () => void {
  if (!installed) {
    installed = true;
    process.once("exit", killAll);
  }
  livePids.add(pid);
  return () => livePids.delete(pid);
}

function killAll(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  livePids.clear();
}
