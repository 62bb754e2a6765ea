/**
 * The command path to write into acp.json: the one on PATH that leads to this binary (Homebrew's
 * `/opt/homebrew/bin/punie`), not the versioned path it resolves to
 * (`/opt/homebrew/Cellar/punie/1.2.0/bin/punie`), which the next upgrade deletes.
 */
import { realpathSync } from "node:fs";
import { basename, delimiter, isAbsolute, join } from "node:path";

/** Real path of `path`, or null when it does not exist. */
export type RealPath = (path: string) => string | null;

const realPathOrNull: RealPath = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/**
 * The first PATH entry whose `<name>` is, or links to, `execPath`; `execPath` itself when none
 * does (a binary run by its full path, not installed on PATH).
 *
 * @example stableCommandPath("/opt/homebrew/Cellar/punie/1.2.0/bin/punie", "/usr/bin:/opt/homebrew/bin") // "/opt/homebrew/bin/punie"
 */
export function stableCommandPath(execPath: string, pathVariable: string | undefined, realPath: RealPath = realPathOrNull): string {
  const target = realPath(execPath);
  if (target === null) return execPath;
  const name = basename(execPath);
  for (const dir of (pathVariable ?? "").split(delimiter)) {
    if (dir === "" || !isAbsolute(dir)) continue; // a relative entry depends on the IDE's cwd
    const candidate = join(dir, name);
    if (realPath(candidate) === target) return candidate;
  }
  return execPath;
}
