/**
 * Nudges the live feed when another process writes the database: a commit in WAL mode writes
 * `punie.db-wal`, which the folder's watcher (inotify, FSEvents) reports at once. The feed's
 * interval poll stays as the fallback where watching is not available.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";

export function watchDatabase(path: string, onWrite: () => void): { close(): void } {
  const names = new Set([basename(path), `${basename(path)}-wal`]);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (name === null || names.has(String(name))) onWrite();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    // No watching here (some network or container file systems): the interval poll does the work.
  }
  return { close: () => watcher?.close() };
}
