/**
 * Programs that run other programs: `sudo rm` runs rm, `bash -c "…"` runs a whole command line,
 * `find -exec rm {} ;` runs rm. The wrapper and what it runs are both reported, so "allow git"
 * does not allow `sudo git` and "deny rm" still denies `sudo rm`. Options we do not know make the
 * wrapped program uncertain: that is unparseable (asked), never guessed.
 */
import type { ShellCall } from "./shell-split.ts";

/** Control flow for "cannot be parsed confidently"; never escapes this module's callers. */
export class Unparseable extends Error {}

type Split = (line: string, depth: number) => ShellCall[];

type WrapperSpec = {
  /** Options taking a value (`-u root`, `-uroot`, `--user=root`). */
  value: readonly string[];
  /** Options without a value. */
  flags: readonly string[];
  /** Non-option words before the program (timeout's duration). */
  positional?: number;
  /** `env NAME=value cmd`. */
  assignments?: boolean;
  /** `nice -5 cmd`. */
  numericFlag?: boolean;
  /** Options meaning "do not run, just look up" (`command -v`). */
  lookupOnly?: readonly string[];
};

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: { value: ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group", "--chdir"], flags: ["-E", "-H", "-n", "-S", "-k", "-b", "-P", "-A", "-B", "--preserve-env", "--non-interactive"] },
  doas: { value: ["-u", "-C"], flags: ["-n"] },
  env: { value: ["-u", "--unset", "-C", "--chdir"], flags: ["-", "-i", "-0", "-v", "--ignore-environment", "--null"], assignments: true },
  nice: { value: ["-n", "--adjustment"], flags: [], numericFlag: true },
  nohup: { value: [], flags: [] },
  time: { value: ["-f", "-o", "--format", "--output"], flags: ["-p", "-v", "-a", "--portability", "--verbose", "--append"] },
  timeout: { value: ["-s", "-k", "--signal", "--kill-after"], flags: ["-v", "--verbose", "--preserve-status", "--foreground"], positional: 1 },
  command: { value: [], flags: ["-p"], lookupOnly: ["-v", "-V"] },
  builtin: { value: [], flags: [] },
  exec: { value: ["-a"], flags: ["-c", "-l", "-cl"] },
  stdbuf: { value: ["-i", "-o", "-e", "--input", "--output", "--error"], flags: [] },
  xargs: {
    value: ["-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--max-args", "--max-procs", "--max-lines", "--delimiter", "--arg-file", "--replace"],
    flags: ["-0", "-r", "-t", "-p", "-x", "-o", "--null", "--no-run-if-empty", "--verbose", "--interactive", "--exit", "--open-tty"],
  },
};

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish"]);
const SHELL_VALUE_OPTIONS = new Set(["-o", "+o", "-O", "+O", "--rcfile", "--init-file"]);
const FIND_EXEC = new Set(["-exec", "-execdir", "-ok", "-okdir"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** A program name taken from an argument must be literal text. */
const COMPUTED = /[$`*?[{~]/;

/** The call itself followed by every program it runs, recursively. */
export function expandWrappers(call: ShellCall, depth: number, split: Split): ShellCall[] {
  if (depth > 6) throw new Unparseable("commands nested too deeply");
  const base = call.program.split("/").pop() ?? call.program;
  if (base === "eval") throw new Unparseable("`eval` runs text as a command");
  if (SHELLS.has(base)) return [call, ...shellInner(call, depth, split)];
  if (base === "find") return [call, ...findInner(call, depth, split)];
  const spec = WRAPPERS[base];
  if (spec === undefined) return [call];
  const inner = unwrap(call, spec);
  return inner === null ? [call] : [call, ...expandWrappers(inner, depth + 1, split)];
}

function unwrap(call: ShellCall, spec: WrapperSpec): ShellCall | null {
  const { args } = call;
  let i = 0;
  while (i < args.length) {
    const arg = args[i] as string;
    if (spec.assignments && ASSIGNMENT.test(arg)) i++;
    else if (arg === "--") {
      i++;
      break;
    } else if (!arg.startsWith("-") || (arg === "-" && !spec.flags.includes("-"))) break;
    else if (spec.lookupOnly?.includes(arg)) return null;
    else if (spec.flags.includes(arg)) i++;
    else if (spec.value.includes(arg)) i += 2;
    else if (attachedValue(arg, spec.value)) i++;
    else if (spec.numericFlag && /^-\d+$/.test(arg)) i++;
    else throw new Unparseable(`cannot tell which program \`${call.program} ${arg}\` runs`);
  }
  i += spec.positional ?? 0;
  const program = args[i];
  if (program === undefined) return null;
  if (COMPUTED.test(program)) throw new Unparseable(`the program name \`${program}\` is computed when the command runs`);
  return { program, args: args.slice(i + 1) };
}

/** `--user=root` or `-uroot`. */
function attachedValue(arg: string, options: readonly string[]): boolean {
  if (arg.startsWith("--")) return arg.includes("=") && options.includes(arg.slice(0, arg.indexOf("=")));
  return options.some((option) => option.length === 2 && arg.length > 2 && arg.startsWith(option));
}

/** `bash -c "…"` runs a command line; `bash` alone (or `-s`) runs whatever arrives on its input. */
function shellInner(call: ShellCall, depth: number, split: Split): ShellCall[] {
  const { args } = call;
  let i = 0;
  let commandString = false;
  while (i < args.length) {
    const arg = args[i] as string;
    if (arg === "--" || arg === "-") {
      i++;
      break;
    }
    if (!arg.startsWith("-") && !arg.startsWith("+")) break;
    if (SHELL_VALUE_OPTIONS.has(arg)) i += 2;
    else {
      if (/^-[A-Za-z]*c/.test(arg) && !arg.startsWith("--")) commandString = true;
      if (/^-[A-Za-z]*s/.test(arg) && !arg.startsWith("--")) throw new Unparseable(`\`${call.program} -s\` runs commands from its input`);
      i++;
    }
  }
  const operand = args[i];
  if (commandString) {
    if (operand === undefined) throw new Unparseable(`\`${call.program} -c\` without a command`);
    return split(operand, depth + 1);
  }
  if (operand === undefined) throw new Unparseable(`\`${call.program}\` without a script runs commands from its input`);
  return [];
}

/** `find … -exec PROGRAM ARGS… ;` (or `+`). */
function findInner(call: ShellCall, depth: number, split: Split): ShellCall[] {
  const found: ShellCall[] = [];
  const { args } = call;
  for (let i = 0; i < args.length; i++) {
    if (!FIND_EXEC.has(args[i] as string)) continue;
    const end = args.findIndex((arg, j) => j > i && (arg === ";" || arg === "+"));
    if (end < 0) throw new Unparseable(`\`find ${args[i]}\` without its closing \`;\` or \`+\``);
    const program = args[i + 1];
    if (program === undefined || end === i + 1) throw new Unparseable(`\`find ${args[i]}\` without a program`);
    if (COMPUTED.test(program)) throw new Unparseable(`the program name \`${program}\` is computed when the command runs`);
    found.push(...expandWrappers({ program, args: args.slice(i + 2, end) }, depth + 1, split));
    i = end;
  }
  return found;
}
