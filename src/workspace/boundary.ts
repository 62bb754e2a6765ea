/**
 * The workspace boundary: turns a path the model gave into a real absolute path that is inside
 * one of the workspace roots, or throws WorkspaceBoundaryError with a message the model can act on.
 *
 * Symlinks are resolved the way the OS will follow them when the path is used: realpath of the
 * nearest existing ancestor, dangling symlinks followed by hand, and only then the not-yet-existing
 * rest appended. The returned path is the one to operate on, so `link/../x` tricks cannot differ
 * between the check and the use.
 */
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { WorkspaceBoundaryError } from "../errors.ts";

/** Linux PATH_MAX and NAME_MAX, in bytes. */
export const MAX_PATH_BYTES = 4096;
export const MAX_NAME_BYTES = 255;
/** Symlink hops followed before giving up (Linux uses 40 too). */
const MAX_SYMLINK_HOPS = 40;

/**
 * Resolves `path` (absolute, or relative to `cwd`) to a real absolute path inside one of `roots`.
 *
 * @example await resolveInside(["/repo"], "/repo", "src/app.py") // "/repo/src/app.py"
 */
export async function resolveInside(roots: readonly string[], cwd: string, path: string): Promise<string> {
  return resolveInsideSync(roots, cwd, path);
}

/**
 * `resolveInside` without the promise: a few metadata syscalls (microseconds each), so a tool
 * call's path costs no turn of the event loop.
 */
export function resolveInsideSync(roots: readonly string[], cwd: string, path: string): string {
  checkShape(path);
  const realRoots = roots.map(realRoot);
  const lexical = isAbsolute(path) ? resolve(path) : resolve(cwd, path);
  checkLength(lexical, path);
  const real = resolveReal(lexical, path, 0);
  if (!isWithinAny(realRoots, real)) {
    const shown = realRoots[0] ?? cwd;
    const how = real === lexical ? "" : ` (it resolves to ${real} through a symbolic link)`;
    throw new WorkspaceBoundaryError(
      `The path "${path}" is outside the workspace${how}. Only files under ${shown} can be used: give a path relative to ${cwd}.`,
    );
  }
  return real;
}

/** True when `path` is `root` or below it (both absolute and normalised). */
export function isWithin(root: string, path: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** True when `path` is within one of `roots` (a plain loop: every tool call's path goes through it). */
export function isWithinAny(roots: readonly string[], path: string): boolean {
  for (const root of roots) if (isWithin(root, path)) return true;
  return false;
}

function checkShape(path: string): void {
  if (path.includes("\0")) {
    throw new WorkspaceBoundaryError("The path contains a NUL byte, which no file name can hold. Send the path as plain text.");
  }
  // The shell expands `~` and `~user`; the file system does not, and the home folder is outside anyway.
  if (path === "~" || path.startsWith("~")) {
    throw new WorkspaceBoundaryError(
      `The path "${path}" starts with "~" (a home folder), which is outside the workspace. Use a path relative to the workspace; write "./${path}" for a file really named like that.`,
    );
  }
}

/** Whether `text` is longer than `max` bytes of UTF-8; a UTF-16 unit is at most 3 of them, so a short text is not counted. */
function exceedsBytes(text: string, max: number): boolean {
  return 3 * text.length > max && Buffer.byteLength(text) > max;
}

function checkLength(lexical: string, original: string): void {
  if (exceedsBytes(lexical, MAX_PATH_BYTES) || exceedsBytes(original, MAX_PATH_BYTES)) {
    throw new WorkspaceBoundaryError(`The path is longer than ${MAX_PATH_BYTES} bytes. Use a shorter path inside the workspace.`);
  }
  if (3 * lexical.length <= MAX_NAME_BYTES) return;
  const tooLong = lexical.split(sep).find((part) => exceedsBytes(part, MAX_NAME_BYTES));
  if (tooLong !== undefined) {
    throw new WorkspaceBoundaryError(
      `A file or folder name in the path is longer than ${MAX_NAME_BYTES} bytes ("${tooLong.slice(0, 40)}…"). Use shorter names.`,
    );
  }
}

// A root's real path is settled once per process: roots are the session's folders, resolved when
// the session opens, and a realpath on every tool call was a twentieth of the tool loop.
const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync.native(root);
    } catch {
      // Not there (yet): asked again next time.
      return resolve(root);
    }
    realRoots.set(root, real);
  }
  return real;
}

/**
 * Real path of `lexical`: the deepest existing ancestor resolved, the missing rest appended.
 * Synchronous: a few metadata syscalls (microseconds each) on every tool call's path cost less
 * than a thread-pool round trip apiece.
 */
function resolveReal(lexical: string, original: string, hops: number): string {
  if (hops > MAX_SYMLINK_HOPS) {
    throw new WorkspaceBoundaryError(`The path "${original}" goes through too many symbolic links (a loop?). Use another path.`);
  }
  const missing: string[] = [];
  let current = lexical;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELOOP") {
        throw new WorkspaceBoundaryError(`The path "${original}" goes through a symbolic link loop. Use another path.`);
      }
      if (code === "ENAMETOOLONG") {
        throw new WorkspaceBoundaryError(`The path "${original}" is too long for the file system. Use a shorter path.`);
      }
      // The entry may exist as a dangling symlink: writing to it would create its target, so
      // follow it by hand instead of treating it as a new name.
      const link = readLinkIfAny(current);
      if (link !== null) {
        const target = resolve(dirname(current), link);
        const rest = missing.length === 0 ? target : join(target, ...[...missing].reverse());
        return resolveReal(rest, original, hops + 1);
      }
      const parent = dirname(current);
      if (parent === current) return lexical;
      missing.push(current.slice(parent.length).replace(/^\//, ""));
      current = parent;
    }
  }
}

function readLinkIfAny(path: string): string | null {
  try {
    const stats = lstatSync(path);
    return stats.isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}

/** The path relative to the nearest root, for messages (falls back to the absolute path). */
export function relativeToRoots(roots: readonly string[], path: string): string {
  for (const root of roots) if (isWithin(root, path)) return relative(root, path) || ".";
  return path;
}
