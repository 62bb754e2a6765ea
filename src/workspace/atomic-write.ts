/**
 * Atomic file writes: the content goes to a temp file in the same folder (same file system, so
 * rename is atomic), is fsynced, then renamed over the target. A crash at any point leaves either
 * the old file or the new one, never half of either.
 *
 * The folder is opened first (from the workspace roots, without following links: confined-fs.ts)
 * and the temp file is created (O_EXCL, never following a link) and renamed inside that open
 * folder, so a folder swapped for a symlink meanwhile cannot send the file, its mode or the temp
 * file elsewhere. Writing to a hard link replaces the name: the other links keep the old content.
 */
import { constants } from "node:fs";
import { lstat, open, realpath, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { changedError, handleIsInside, openDirectoryInside } from "./confined-fs.ts";

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

export type AtomicWriteOptions = {
  /** Called after the temp file is created and before the content is written: a seam for tests. */
  beforeWrite?: (tempPath: string) => Promise<void> | void;
  /**
   * The workspace roots the folder must be inside; missing folders are then created. Default:
   * the folder itself (which must exist).
   */
  roots?: readonly string[];
  /** The path as shown in messages. */
  shown?: string;
};

/** The temp name used for a file named `name`: hidden, next to it, unique per write. */
export function tempNameFor(name: string): string {
  return `.${name}.punie-${process.pid}-${Buffer.from(crypto.getRandomValues(new Uint8Array(4))).toString("hex")}.tmp`;
}

/**
 * Writes `content` to `path` atomically, keeping the existing file's mode (new files get 0o644
 * minus the umask, as a plain write would).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  // Without roots the folder must exist; its real path is then its own root.
  const dirPath = options.roots ? dirname(path) : await realpath(dirname(path));
  const name = basename(path);
  const shown = options.shown ?? path;
  const roots = options.roots ?? [dirPath];
  const dir = await openDirectoryInside(dirPath, roots, options.roots !== undefined, shown);
  try {
    const mode = await existingMode(dir.entry(name));
    const tempName = tempNameFor(name);
    const temp = dir.entry(tempName);
    const handle = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode ?? 0o644);
    let renamed = false;
    try {
      try {
        if (!(await handleIsInside(handle, join(dirPath, tempName), roots))) throw changedError(shown);
        await options.beforeWrite?.(join(dirPath, tempName));
        await handle.writeFile(content);
        if (mode !== null) await handle.chmod(mode);
        await handle.sync();
        await rename(temp, dir.entry(name));
        renamed = true;
        // Through the handle, never by name: chmod can be masked on some file systems at create.
        if (mode !== null) await handle.chmod(mode).catch(() => {});
        if (!(await handleIsInside(handle, join(dirPath, name), roots))) throw changedError(shown);
      } finally {
        await handle.close();
      }
      // fsync of the folder makes the rename itself durable; not every platform allows it.
      await dir.handle.sync().catch(() => {});
    } finally {
      if (!renamed) await rm(temp, { force: true });
    }
  } finally {
    await dir.close();
  }
}

/** The mode of the regular file at `entry`, or null (missing, or not a plain file). */
async function existingMode(entry: string): Promise<number | null> {
  try {
    const stats = await lstat(entry);
    return stats.isFile() ? stats.mode & 0o7777 : null;
  } catch {
    return null;
  }
}
