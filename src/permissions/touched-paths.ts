/**
 * The paths a command line or an external tool call names, for the deny rules that cover reads.
 * Each argument and redirection target (and the value of `--opt=value`) is taken as a path,
 * globs are expanded against the disk the way the shell will, and each path is also taken by its
 * real path (a symlink to a denied file is the denied file). A folder is also taken as "everything
 * in it", so `ls secret` and `grep -r x secret` meet a `secret/**` rule.
 *
 * This sees what the line names, not what the programs do: see docs/permissions.md.
 */
import { realpath, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { TouchedPath } from "./policy.ts";
import type { ShellCall } from "./shell-split.ts";

/** Words and glob matches looked at per call, so a huge line or tree cannot stall the gate. */
const MAX_WORDS = 500;
const MAX_GLOB_MATCHES = 2000;
const GLOB_CHARS = /[*?[{]/;

export type PathWord = { word: string; write: boolean };

/** Every word of the calls that may name a file (pure). */
export function commandPathWords(calls: readonly ShellCall[]): PathWord[] {
  const words: PathWord[] = [];
  for (const call of calls) {
    if (call.program.includes("/")) words.push({ word: call.program, write: false });
    for (const arg of call.args) {
      words.push({ word: arg, write: false });
      const eq = arg.indexOf("=");
      if (arg.startsWith("-") && eq > 0 && eq < arg.length - 1) words.push({ word: arg.slice(eq + 1), write: false });
    }
    for (const redirect of call.redirects ?? []) words.push({ word: redirect.target, write: redirect.write });
  }
  return words.slice(0, MAX_WORDS);
}

/** String values anywhere in a tool's arguments (pure), e.g. `{"pathInProject": ".env"}`. */
export function stringArguments(value: unknown, out: string[] = [], depth = 0): string[] {
  if (out.length >= MAX_WORDS || depth > 20) return out;
  if (typeof value === "string") {
    if (value !== "" && !value.includes("\n") && !value.includes("\0")) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) stringArguments(item, out, depth + 1);
  } else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) stringArguments(item, out, depth + 1);
  }
  return out;
}

/**
 * Absolute paths for the words, relative ones against `cwd`: glob words expanded (the word itself
 * kept too), each existing path also by its real path, each folder also as `folder/*`.
 */
export async function resolvePathWords(words: readonly PathWord[], cwd: string, expandGlobs: boolean): Promise<TouchedPath[]> {
  const out: TouchedPath[] = [];
  for (const { word, write } of words) {
    if (word === "" || word.includes("\0") || word.startsWith("~")) continue;
    const lexical = isAbsolute(word) ? resolve(word) : resolve(cwd, word);
    const paths = [lexical];
    if (expandGlobs && GLOB_CHARS.test(word)) paths.push(...(await expandGlob(word, cwd)));
    for (const path of paths) {
      out.push({ path, write });
      const real = await realpath(path).catch(() => null);
      if (real !== null && real !== path) out.push({ path: real, write });
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory()) out.push({ path: join(real ?? path, "*"), write });
    }
  }
  return out;
}

/** What the shell would make of a glob word: matches below its literal leading folders. */
async function expandGlob(word: string, cwd: string): Promise<string[]> {
  const parts = word.split("/");
  const firstGlob = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = parts.slice(0, firstGlob).join("/");
  const pattern = parts.slice(firstGlob).join("/");
  const root = isAbsolute(word) ? base || "/" : resolve(cwd, base);
  // The shell's `*` skips dot files; a pattern that spells the dot (`.e*`) or a brace may reach them.
  const dot = /(^|\/)\.|\{/.test(pattern);
  const found: string[] = [];
  try {
    for await (const match of new Bun.Glob(pattern).scan({ cwd: root, dot, onlyFiles: false, followSymlinks: false })) {
      found.push(join(root, match));
      if (found.length >= MAX_GLOB_MATCHES) break;
    }
  } catch {
    // A folder that does not exist or cannot be read expands to nothing (the shell keeps the word).
  }
  return found;
}
