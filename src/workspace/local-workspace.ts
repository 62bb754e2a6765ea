/**
 * LocalWorkspace: the Workspace port on the local disk and Bun.spawn, behind the boundary. Every
 * path and every command's cwd goes through `resolveInside`, so nothing a tool does can reach
 * outside the roots.
 */
import { realpathSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { relativeToRoots, resolveInside, resolveInsideSync } from "./boundary.ts";
import { openDirectoryInside } from "./confined-fs.ts";
import { NotAFileError } from "./local-errors.ts";
import { DEFAULT_MAX_READ_BYTES, readTextFromDisk } from "./local-read.ts";
import { createLocalTerminals } from "./local-terminals.ts";
import type { DirectoryEntry, PermissionOutcome, PermissionRequest, Workspace } from "./types.ts";

export type LocalWorkspaceOptions = {
  /** The project folder: the session cwd and the main root. */
  root: string;
  /** Further folders the tools may use (e.g. a second project folder). */
  additionalRoots?: string[];
  /** Asks the user (terminal prompt, --yes, …): the front end decides how. */
  askPermission: (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionOutcome>;
  /** Largest file read whole; larger ones must be read by line range. */
  maxReadBytes?: number;
  /** Between SIGTERM and SIGKILL when a command is killed. */
  killGraceMs?: number;
};

export type LocalWorkspace = Workspace & {
  readonly roots: readonly string[];
  listDirectory(absPath: string): Promise<DirectoryEntry[]>;
  /** Kills and forgets every terminal (call when the session ends). */
  dispose(): Promise<void>;
};

export function createLocalWorkspace(options: LocalWorkspaceOptions): LocalWorkspace {
  const cwd = realpathSync(resolve(options.root));
  const roots = [cwd, ...(options.additionalRoots ?? []).map((root) => realpathSync(resolve(cwd, root)))];
  const maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  const terminals = createLocalTerminals(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs });
  const inside = (path: string) => resolveInside(roots, cwd, path);
  const shown = (absPath: string) => relativeToRoots(roots, absPath);
  // read_file resolves its path and then reads it: the read skips resolving it a second time. The
  // opened file is checked inside the roots through its handle anyway (confined-fs.ts), so a swap
  // in between is still caught.
  let lastResolved: string | null = null;

  return {
    cwd,
    kind: "local",
    roots,
    async resolvePath(path) {
      const real = resolveInsideSync(roots, cwd, path);
      lastResolved = real;
      return real;
    },

    async readTextFile(absPath, range) {
      const real = absPath === lastResolved ? absPath : await inside(absPath);
      return readTextFromDisk(real, shown(real), range, maxReadBytes, roots);
    },

    async writeTextFile(absPath, content) {
      const real = await inside(absPath);
      try {
        await writeFileAtomic(real, content, { roots, shown: shown(real) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EISDIR") throw new NotAFileError(shown(real), "a folder");
        throw error;
      }
    },

    async listDirectory(absPath) {
      const real = await inside(absPath);
      // Listed through the open folder: a folder swapped for a link meanwhile is not followed.
      const dir = await openDirectoryInside(real, roots, false, shown(real));
      const entries = await readdir(dir.entry("."), { withFileTypes: true }).finally(() => dir.close());
      return entries
        .map((entry): DirectoryEntry => ({
          name: entry.name,
          type: entry.isSymbolicLink() ? "symlink" : entry.isDirectory() ? "dir" : "file",
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async createTerminal(terminalOptions) {
      const realCwd = await inside(terminalOptions.cwd);
      return terminals.create({ ...terminalOptions, cwd: realCwd });
    },
    async terminalOutput(terminalId) {
      return terminals.output(terminalId);
    },
    waitForTerminalExit: (terminalId, signal) => terminals.waitForExit(terminalId, signal),
    killTerminal: (terminalId) => terminals.kill(terminalId),
    releaseTerminal: (terminalId) => terminals.release(terminalId),
    requestPermission: (request, signal) => options.askPermission(request, signal),
    dispose: () => terminals.releaseAll(),
  };
}
