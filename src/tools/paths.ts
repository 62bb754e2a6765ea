/** Path display and resolution helpers shared by the tools (pure). */
import { isAbsolute, relative, resolve } from "node:path";

/** The path as people should see it: relative to the session cwd when inside it. */
export function displayPath(path: string, cwd: string): string {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
}

/** Lexical absolute path (no symlink resolution: that is the Workspace's job). */
export function absolutePath(path: string, cwd: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}
