/**
 * What an "always allow" answer to a command remembers, per program it runs (pure):
 * - programs that run code taken from their arguments (interpreters, shells, `env`, `sudo`, `npx`…):
 *   the exact call, so "always" for `python3 calculator.py` never allows `python3 -c …`;
 * - programs with subcommands (`git`, `npm`, `uv`…): the program and its subcommand, `git status *`;
 * - any other program: the program alone (`ls`), as every key stored before this scheme did — so
 *   a saved `git` or `python3` keeps allowing what it allowed.
 */
import { basename } from "node:path";
import type { ShellCall } from "./shell-split.ts";

/** Key prefix of a program, or a program with its subcommand (`command:git status *`). */
export const COMMAND_KEY = "command:";
/** Key prefix of one exact call (`command-line:python3 calculator.py`). */
export const COMMAND_LINE_KEY = "command-line:";

/** Their arguments are code (or a whole other command): only the exact call is ever remembered. */
const RUNS_ARGUMENTS = new Set([
  ...["python", "python2", "python3", "pypy", "pypy3", "node", "nodejs", "bun", "deno", "ruby", "perl", "php", "lua", "Rscript"],
  ...["bash", "sh", "zsh", "fish", "dash", "ksh", "mksh", "ash", "csh", "tcsh", "pwsh"],
  ...["env", "sudo", "doas", "xargs", "exec", "eval", "command", "builtin", "nohup", "time", "timeout", "nice", "stdbuf"],
  ...["npx", "bunx", "pnpx", "uvx", "pipx", "awk", "gawk", "osascript", "ssh"],
]);

/** Programs whose first argument names what they do. */
const SUBCOMMAND_PROGRAMS = new Set([
  ...["git", "hg", "svn", "jj", "gh", "glab"],
  ...["npm", "pnpm", "yarn", "cargo", "go", "uv", "pip", "pip3", "poetry", "pdm", "hatch", "rye", "pipenv", "conda", "mamba"],
  ...["docker", "podman", "kubectl", "helm", "terraform", "brew", "apt", "apt-get", "dnf", "systemctl", "rustup", "dotnet"],
  ...["make", "just", "gradle", "./gradlew", "mvn", "./mvnw", "bundle", "gem", "rake", "composer", "mix", "swift", "dart", "flutter"],
  ...["ruff", "tox", "nox", "pre-commit", "zig", "stack", "cabal"],
]);

const SUBCOMMAND_WORD = /^[a-z][a-z0-9:._-]*$/;
const PYTHON_VERSIONED = /^python[0-9.]+$/;

/** One call's "always" key and, for keys narrower than the program, the program key before them. */
export type AlwaysKey = { key: string; program: string };

export function alwaysKey(call: ShellCall): AlwaysKey {
  const program = `${COMMAND_KEY}${call.program}`;
  const name = basename(call.program);
  if (RUNS_ARGUMENTS.has(name) || PYTHON_VERSIONED.test(name)) {
    return { key: `${COMMAND_LINE_KEY}${[call.program, ...call.args].map(shellQuote).join(" ")}`, program };
  }
  const first = call.args[0];
  if (SUBCOMMAND_PROGRAMS.has(call.program) || SUBCOMMAND_PROGRAMS.has(name)) {
    if (first !== undefined && SUBCOMMAND_WORD.test(first)) return { key: `${COMMAND_KEY}${call.program} ${first} *`, program };
  }
  return { key: program, program };
}

/** Covered by this key itself or by the program's own key (saved before keys were narrower). */
export function isKeyCovered(entry: AlwaysKey, has: (key: string) => boolean): boolean {
  return has(entry.key) || has(entry.program);
}

/** How a key reads in an option name: `git status *`, `python3 calculator.py`, edit_file. */
export function describeKey(key: string): string {
  if (key.startsWith(COMMAND_LINE_KEY)) return `\`${key.slice(COMMAND_LINE_KEY.length)}\``;
  if (key.startsWith(COMMAND_KEY)) return `\`${key.slice(COMMAND_KEY.length)}\``;
  return key.replace(/^tool:/, "");
}

/** A word as a shell reads it back: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
