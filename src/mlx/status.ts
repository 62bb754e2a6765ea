/**
 * What `punie mlx status` shows of a recorded server: whether it is still the server (not a
 * recycled pid), its memory (the whole process group's resident size) and uptime.
 */
import { groupRunning, psByGroup } from "../process/index.ts";

/** The group's total resident memory in bytes, from `ps` (macOS and Linux). */
export function groupMemoryBytes(pgid: number): number | null {
  const rows = psByGroup("rss");
  if (!rows) return null;
  let kb = 0;
  for (const row of rows) if (row.pgid === pgid) kb += Number(row.value) || 0;
  return kb * 1024;
}

/** True while the recorded pid still runs an mlx_lm (or mlx.launch) command. */
export function isServerAlive(pid: number): boolean {
  if (!groupRunning(pid)) return false;
  const ps = Bun.spawnSync(["ps", "-o", "command=", "-p", String(pid)], { stdout: "pipe", stderr: "ignore" });
  const command = ps.stdout.toString();
  return command.trim() === "" || /mlx_lm|mlx\.launch/.test(command);
}

/** "3 h 12 min", "5 min", "12 s" (pure). */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
