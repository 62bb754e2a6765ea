/**
 * Walks the workspace tree for list_files and search_text, through the Workspace port only,
 * honouring .gitignore files (nested ones too) the way git does: rules apply relative to the
 * folder holding them, a deeper file overrides a shallower one, and an ignored folder is never
 * entered. `.git` itself is always skipped; symlinks are listed but never followed.
 */
import ignore, { type Ignore } from "ignore";
import { basename, dirname, join, relative } from "node:path";
import type { DirectoryEntry, Workspace } from "../workspace/types.ts";

/** Entries looked at before a walk stops, so a huge tree cannot stall a tool call. */
export const MAX_WALK_ENTRIES = 50_000;

export type WalkedFile = {
  absPath: string;
  /** Relative to the workspace cwd. */
  relPath: string;
  /** A symbolic link: its content is elsewhere (the walk never follows links). */
  isSymlink?: boolean;
};

export type WalkResult = {
  files: AsyncGenerator<WalkedFile>;
  /** Set once the walk stopped at MAX_WALK_ENTRIES. */
  readonly stoppedEarly: boolean;
  /** Files and folders left out by `hide` (settings deny rules). */
  readonly hidden: number;
};

/** Leaves an entry out of the walk (a folder is then not entered). */
export type HideEntry = (absPath: string, isDir: boolean) => boolean;

type Layer = { dir: string; rules: Ignore };

type ListDirectory = (absPath: string) => Promise<DirectoryEntry[]>;

/** The workspace's listDirectory, or null when it has none (ACP). */
export function directoryLister(workspace: Workspace): ListDirectory | null {
  return workspace.listDirectory ? workspace.listDirectory.bind(workspace) : null;
}

/**
 * What `absPath` is (the port has no stat): a folder when it can be listed, otherwise what its
 * parent's listing says. The workspace root itself has no listable parent.
 */
export async function entryType(list: ListDirectory, absPath: string): Promise<DirectoryEntry["type"] | null> {
  try {
    await list(absPath);
    return "dir";
  } catch {
    // not a folder (or missing): ask the parent
  }
  try {
    const entries = await list(dirname(absPath));
    return entries.find((entry) => entry.name === basename(absPath))?.type ?? null;
  } catch {
    return null;
  }
}

/**
 * Files under `startDir` (absolute, inside the workspace), depth first in name order, filtered by
 * .gitignore and by `glob` (a glob with a "/" matches the path below `startDir`, one without
 * matches the file name, like ripgrep's -g).
 */
export function walkFiles(
  workspace: Workspace,
  list: ListDirectory,
  startDir: string,
  glob?: string,
  hide: HideEntry = () => false,
  maxEntries = MAX_WALK_ENTRIES,
): WalkResult {
  const matcher = glob ? new Bun.Glob(glob) : null;
  const matchesGlob = (absPath: string): boolean => {
    if (!matcher || !glob) return true;
    return matcher.match(glob.includes("/") ? relative(startDir, absPath) : basename(absPath));
  };
  let seen = 0;
  const state = { stoppedEarly: false, hidden: 0 };

  async function* walk(dir: string, layers: Layer[]): AsyncGenerator<WalkedFile> {
    let entries: DirectoryEntry[];
    try {
      entries = await list(dir);
    } catch {
      return; // unreadable folder: skip it like git does
    }
    const own = entries.some((entry) => entry.name === ".gitignore" && entry.type === "file")
      ? await loadLayer(workspace, dir)
      : null;
    const active = own ? [...layers, own] : layers;
    for (const entry of entries) {
      if (++seen > maxEntries) {
        state.stoppedEarly = true;
        return;
      }
      if (entry.name === ".git") continue;
      const absPath = join(dir, entry.name);
      const isDir = entry.type === "dir";
      if (isIgnored(active, absPath, isDir)) continue;
      if (hide(absPath, isDir)) {
        state.hidden++;
        continue;
      }
      if (isDir) {
        yield* walk(absPath, active);
        if (state.stoppedEarly) return;
      } else if (matchesGlob(absPath)) {
        yield { absPath, relPath: relative(workspace.cwd, absPath), ...(entry.type === "symlink" ? { isSymlink: true } : {}) };
      }
    }
  }

  async function* run(): AsyncGenerator<WalkedFile> {
    yield* walk(startDir, await ancestorLayers(workspace, startDir));
  }

  return {
    files: run(),
    get stoppedEarly() {
      return state.stoppedEarly;
    },
    get hidden() {
      return state.hidden;
    },
  };
}

/** .gitignore files of the folders from the workspace cwd down to (not including) `startDir`. */
async function ancestorLayers(workspace: Workspace, startDir: string): Promise<Layer[]> {
  const rel = relative(workspace.cwd, startDir);
  if (rel === "" || rel.startsWith("..")) return [];
  const dirs = [workspace.cwd];
  for (const part of rel.split("/").slice(0, -1)) dirs.push(join(dirs[dirs.length - 1]!, part));
  const layers: Layer[] = [];
  for (const dir of dirs) {
    const layer = await loadLayer(workspace, dir);
    if (layer) layers.push(layer);
  }
  return layers;
}

async function loadLayer(workspace: Workspace, dir: string): Promise<Layer | null> {
  try {
    return { dir, rules: ignore().add(await workspace.readTextFile(join(dir, ".gitignore"))) };
  } catch {
    return null;
  }
}

/** The deepest .gitignore with an opinion wins, as in git. */
function isIgnored(layers: Layer[], absPath: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = relative(layer.dir, absPath);
    if (rel === "" || rel.startsWith("..")) continue;
    const result = layer.rules.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
