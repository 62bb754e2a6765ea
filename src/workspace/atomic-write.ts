/**
 * Atomic file writes: the content goes to a temp file in the same folder (same file system, so
 * rename is atomic), is fsynced, then renamed over the target. A crash at any point leaves either
 * the old file or the new one, never half of either.
 */
import { randomBytes } from "node:crypto";
import { chmod, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export type AtomicWriteOptions = {
  /** Called after the temp file is created and before the content is written: a seam for tests. */
  beforeWrite?: (tempPath: string) => Promise<void> | void;
};

/** The temp name used for `path`: hidden, next to it, unique per write. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.punie-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Writes `content` to `path` atomically, keeping the existing file's mode (new files get 0o644
 * minus the umask, as a plain write would).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = await existingMode(path);
  const temp = tempPathFor(path);
  // "wx": never follow or reuse something already at the temp name.
  const handle = await open(temp, "wx", mode ?? 0o644);
  let renamed = false;
  try {
    try {
      await options.beforeWrite?.(temp);
      await handle.writeFile(content);
      if (mode !== null) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dirname(path));
  } finally {
    if (!renamed) await rm(temp, { force: true });
  }
  // chmod through the handle can be masked on some file systems; make sure the mode survived.
  if (mode !== null) await chmod(path, mode).catch(() => {});
}

async function existingMode(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return null;
  }
}

/** fsync of the folder makes the rename itself durable; not every platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file content is already durable.
  }
}
