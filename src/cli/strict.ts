/**
 * Strict arguments for every command (citty itself ignores unknown flags): the words given to
 * ONE command level are checked against that command's declared args before anything runs. An
 * unknown flag, a flag missing its value, a missing required argument or a stray word is one line
 * naming it (with the closest known flag) and exit code 2. Pure: no I/O.
 */
import type { ArgDef, ArgsDef } from "citty";
import { CliError } from "../errors.ts";
import { suggest } from "../suggest.ts";

/** Exit code of a usage mistake (as getopt programs do); nothing has run. */
export const USAGE_EXIT = 2;

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, USAGE_EXIT);
  }
}

/** Old flag names that now have one name; they get the unknown-flag error suggesting it. */
const RENAMED: Record<string, string> = { cwd: "workspace", project: "workspace", dir: "workspace" };

/**
 * Short flags that meant another flag before each short flag got one meaning across the CLI
 * (-c was --concurrency in eval and --config in train run): where that flag is, the error names its
 * short form now.
 */
const RETIRED_SHORT: Record<string, string> = { c: "concurrency" };

/** A positional whose valueHint ends in "..." takes every remaining word (`ask` prompt, `merge` dirs). */
function isVariadic(def: ArgDef): boolean {
  return def.type === "positional" && (def.valueHint ?? "").endsWith("...");
}

export type LevelScan = {
  /** Where the subcommand word is, for a command with subcommands; null when none was given. */
  subcommandAt: number | null;
  positionals: string[];
  /** The declared arg names given, long or short. */
  given: Set<string>;
  help: boolean;
  /** The first mistake, as the one line to print; null when there is none. */
  problem: string | null;
};

type Flag = { name: string; def: ArgDef };

function flagTable(args: ArgsDef): { long: Map<string, Flag>; short: Map<string, Flag> } {
  const long = new Map<string, Flag>();
  const short = new Map<string, Flag>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    long.set(name, { name, def });
    const aliases = "alias" in def && def.alias !== undefined ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const alias of aliases) (alias.length === 1 ? short : long).set(alias, { name, def });
  }
  return { long, short };
}

const takesValue = (def: ArgDef) => def.type === "string" || def.type === "enum";

/**
 * Reads the words of one command level: flags are checked against `args`; with subcommands, the
 * first plain word is the subcommand (everything after it belongs to that command).
 *
 * @example scanLevel(["--yse", "hi"], askArgs, { command: "punie ask", hasSubcommands: false }).problem
 *   // "punie ask: unknown flag --yse (did you mean --yes?); see punie ask --help"
 */
export function scanLevel(tokens: readonly string[], args: ArgsDef, options: { command: string; hasSubcommands: boolean }): LevelScan {
  const { long, short } = flagTable(args);
  const scan: LevelScan = { subcommandAt: null, positionals: [], given: new Set(), help: false, problem: null };
  const fail = (message: string) => {
    scan.problem ??= `${options.command}: ${message}; see ${options.command} --help`;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token === "--") {
      scan.positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (token === "--help" || token === "-h") {
      scan.help = true;
      continue;
    }
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = token.slice(2, eq === -1 ? undefined : eq);
      const negated = name.startsWith("no-") ? long.get(name.slice(3)) : undefined;
      const flag = long.get(name) ?? (negated?.def.type === "boolean" ? negated : undefined);
      if (!flag) {
        fail(`unknown flag --${name}${hint(name, [...long.keys()])}`);
        continue;
      }
      scan.given.add(flag.name);
      if (takesValue(flag.def) && eq === -1) {
        if (i + 1 >= tokens.length) fail(`--${name} needs a value`);
        i++;
      }
      continue;
    }
    if (token.startsWith("-") && token.length > 1) {
      const flag = short.get(token[1] as string);
      // A short boolean takes no attached value; a short string flag may (-ofile).
      if (!flag || (token.length > 2 && !takesValue(flag.def))) {
        fail(`unknown flag ${token}${flag ? "" : retiredHint(token[1] as string, long)}`);
        continue;
      }
      scan.given.add(flag.name);
      if (takesValue(flag.def) && token.length === 2) {
        if (i + 1 >= tokens.length) fail(`${token} needs a value`);
        i++;
      }
      continue;
    }
    if (options.hasSubcommands && scan.subcommandAt === null && scan.positionals.length === 0) {
      scan.subcommandAt = i;
      break;
    }
    scan.positionals.push(token);
  }
  return scan;
}

function retiredHint(letter: string, long: ReadonlyMap<string, Flag>): string {
  const meant = RETIRED_SHORT[letter];
  const flag = meant === undefined ? undefined : long.get(meant);
  if (!flag) return "";
  const now = "alias" in flag.def && flag.def.alias !== undefined ? [flag.def.alias].flat().find((alias) => alias.length === 1) : undefined;
  return ` (for --${meant} use ${now ? `-${now} or ` : ""}--${meant})`;
}

function hint(name: string, known: string[]): string {
  const renamed = RENAMED[name];
  const guess = renamed !== undefined && known.includes(renamed) ? renamed : suggest(name, known);
  return guess ? ` (did you mean --${guess}?)` : "";
}

/**
 * What a command that runs (no subcommand) still lacks or has too much of: required flags and
 * positionals, and words no positional takes. Returns the one line to print, or null.
 */
export function checkComplete(scan: LevelScan, args: ArgsDef, command: string): string | null {
  if (scan.problem) return scan.problem;
  const fail = (message: string) => `${command}: ${message}; see ${command} --help`;
  const positionals = Object.entries(args).filter(([, def]) => def.type === "positional");
  const variadic = positionals.some(([, def]) => isVariadic(def));
  for (const [index, [name, def]] of positionals.entries()) {
    if (def.required !== false && def.default === undefined && scan.positionals[index] === undefined)
      return fail(`missing ${(def.valueHint ?? name).replace(/\.\.\.$/, "").toUpperCase()}`);
  }
  if (!variadic && scan.positionals.length > positionals.length) return fail(`unexpected argument "${scan.positionals[positionals.length]}"`);
  for (const [name, def] of Object.entries(args)) {
    if (def.type !== "positional" && def.required === true && def.default === undefined && !scan.given.has(name)) {
      const alias = "alias" in def && typeof def.alias === "string" ? ` (-${def.alias})` : "";
      return fail(`missing --${name}${alias}`);
    }
  }
  return null;
}

/** The unknown subcommand as one line, with the closest name. */
export function unknownCommand(word: string, known: string[], command: string): string {
  const guess = suggest(word, known);
  return `${command}: unknown command "${word}"${guess ? ` (did you mean ${command} ${guess}?)` : ""}; commands: ${known.join(", ")}`;
}
