/**
 * When is a session's owner gone? Its process no longer exists, or it has not written a
 * heartbeat for 10 s (a hung process, or a pid reused by something else). Pure, apart from the
 * signal-0 probe, which is passed in.
 */
import { HEARTBEAT_STALE_MS } from "../store/session-live.ts";

export type LivenessFacts = { pid: number | null; heartbeatAt: number | null };

export function ownerGone(facts: LivenessFacts, now: number, isAlive: (pid: number) => boolean, staleMs = HEARTBEAT_STALE_MS): boolean {
  if (facts.heartbeatAt !== null && now - facts.heartbeatAt > staleMs) return true;
  if (facts.pid !== null && !isAlive(facts.pid)) return true;
  return facts.pid === null && facts.heartbeatAt === null;
}

/** Signal 0 checks a pid without touching it; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}
