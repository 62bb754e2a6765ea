/**
 * File access that stays inside the workspace whatever another process does to the tree
 * meanwhile (a background command swapping a folder for a symlink to elsewhere, say). A path is
 * checked once by `resolveInside`, but used again by name it could lead somewhere else: so files
 * are opened first, the opened file itself is placed inside the roots, and then only the handle
 * is used. Folders are opened one component at a time from the root without following links, and
 * temp files and renames happen relative to that open folder.
 *
 * Linux: `/proc/self/fd/N` names the opened file exactly, and `/proc/self/fd/N/name` resolves
 * `name` inside the open folder itself (not its path), like openat(2).
 * macOS: the kernel names the opened file too (fd-path-macos.ts, F_GETPATH's answer), so reads
 * are as safe; folders are used by path there, with the temp file and the renamed file checked
 * through their handle before and after: a swap in between is detected and refused, not
 * prevented, and a temp file may exist outside for that moment. Where the kernel cannot be asked,
 * the opened file is placed by identity (the path it was opened by still leads to its device and
 * inode), which narrows the race without closing it. Keep this branch small.
 */
import { closeSync, constants, openSync, readlinkSync } from "node:fs";
import { type FileHandle, mkdir, open, readlink, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { WorkspaceBoundaryError } from "../errors.ts";
import { isWithin, isWithinAny } from "./boundary.ts";

/** PUNIE_PORTABLE_FS=1 runs the macOS branch on Linux, so its tests run where CI does. */
const LINUX = process.platform === "linux" && process.env.PUNIE_PORTABLE_FS !== "1";
const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;

export function changedError(shown: string): WorkspaceBoundaryError {
  return new WorkspaceBoundaryError(
    `"${shown}" changed while it was being used: it now leads outside the workspace (a symbolic link was swapped in). Nothing was read or written outside; try again once the files stop changing.`,
  );
}

/** Where an open file or folder really is (Linux), or null when that cannot be told this way. */
async function procPath(handle: FileHandle): Promise<string | null> {
  if (!LINUX) return null;
  const path = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
  // A file removed since it was opened reads "… (deleted)": it is nowhere now.
  return path === null || path.endsWith(" (deleted)") ? null : path;
}

/** True when the open file or folder is inside `roots`, checked on the handle, not the name. */
export async function handleIsInside(handle: FileHandle, openedBy: string, roots: readonly string[]): Promise<boolean> {
  if (LINUX) {
    const path = await procPath(handle);
    return path !== null && isWithinAny(roots, path);
  }
  const kernelPath = process.platform === "darwin" ? (await import("./fd-path-macos.ts")).macFdPath(handle.fd) : null;
  if (kernelPath !== null) return isWithinAny(roots, kernelPath);
  if (!isWithinAny(roots, openedBy)) return false;
  const [opened, named] = await Promise.all([handle.stat(), stat(openedBy).catch(() => null)]);
  return named !== null && named.dev === opened.dev && named.ino === opened.ino;
}

/**
 * Opens `realPath` (already resolved inside) for reading and checks the opened file is inside.
 * Non-blocking, so a FIFO swapped in cannot hang the open; regular files read as usual.
 */
export async function openFileInside(realPath: string, roots: readonly string[], shown: string): Promise<FileHandle> {
  const handle = await open(realPath, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (await handleIsInside(handle, realPath, roots)) return handle;
  await handle.close();
  throw changedError(shown);
}

/**
 * `openFileInside` without the event loop, for reads of ordinary size on Linux: open (non-blocking,
 * so a FIFO cannot hang it) and the /proc/self/fd check as syscalls of a few microseconds each,
 * instead of a thread-pool round trip per step. Returns the descriptor, or null where the kernel
 * cannot be asked this way (use `openFileInside`).
 */
export function openFileInsideSync(realPath: string, roots: readonly string[], shown: string): number | null {
  if (!LINUX) return null;
  const fd = openSync(realPath, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  let path: string | null = null;
  try {
    path = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    // Not told: treated as outside, as procPath does.
  }
  if (path !== null && !path.endsWith(" (deleted)") && isWithinAny(roots, path)) return fd;
  closeSync(fd);
  throw changedError(shown);
}

export type OpenDirectory = {
  handle: FileHandle;
  /** The folder's real path when it was opened. */
  path: string;
  /** A name inside this very folder, for open/rename/unlink by path. */
  entry(name: string): string;
  close(): Promise<void>;
};

/**
 * Opens folder `realDir` inside `roots`, creating missing folders when `create` is set, one
 * component at a time from its root without following links (Linux). A component that became a
 * symlink meanwhile refuses the whole operation.
 */
export async function openDirectoryInside(realDir: string, roots: readonly string[], create: boolean, shown: string): Promise<OpenDirectory> {
  const root = roots.find((candidate) => isWithin(candidate, realDir));
  if (root === undefined) throw changedError(shown);
  if (!LINUX) return openDirectoryByPath(realDir, roots, create, shown);
  let handle = await open(root, O_RDONLY | O_DIRECTORY);
  try {
    if ((await procPath(handle)) !== root) throw changedError(shown);
    for (const part of relative(root, realDir).split(sep).filter((p) => p !== "")) {
      const next = `/proc/self/fd/${handle.fd}/${part}`;
      if (create) await mkdir(next).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      const child = await open(next, O_RDONLY | O_DIRECTORY | O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
        // ELOOP: a symlink where the folder was (O_NOFOLLOW); ENOTDIR on some kernels.
        if (error.code === "ELOOP") throw changedError(shown);
        throw error;
      });
      await handle.close();
      handle = child;
    }
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  const fd = handle.fd;
  return { handle, path: realDir, entry: (name) => `/proc/self/fd/${fd}/${name}`, close: () => handle.close() };
}

async function openDirectoryByPath(realDir: string, roots: readonly string[], create: boolean, shown: string): Promise<OpenDirectory> {
  if (create) await mkdir(realDir, { recursive: true });
  const handle = await open(realDir, O_RDONLY | O_DIRECTORY);
  if (!(await handleIsInside(handle, realDir, roots))) {
    await handle.close();
    throw changedError(shown);
  }
  return { handle, path: realDir, entry: (name) => join(realDir, name), close: () => handle.close() };
}
