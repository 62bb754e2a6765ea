/**
 * Flag values of `punie eval`: numbers with their ranges, and unknown flags refused (exit 2)
 * before anything runs.
 */
import type { ArgsDef } from "citty";
import { CliError } from "../errors.ts";

/**
 * Refuses a flag the command does not define, naming the closest one it does. Scanning stops at
 * a subcommand name (`subCommands`), whose own flags are its business.
 */
export function rejectUnknownFlags(rawArgs: readonly string[], args: ArgsDef, command: string, subCommands: readonly string[] = []): void {
  const known = new Set<string>(["help", "h"]);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    known.add(name);
    if (def.type === "boolean") known.add(`no-${name}`);
    for (const alias of [(def as { alias?: string | string[] }).alias ?? []].flat()) known.add(alias);
  }
  const takesValue = new Set(Object.entries(args).flatMap(([name, def]) => (def.type === "string" || def.type === "enum" ? [name, ...[(def as { alias?: string | string[] }).alias ?? []].flat()] : [])));
  for (let index = 0; index < rawArgs.length; index++) {
    const token = rawArgs[index] ?? "";
    if (token === "--" || subCommands.includes(token)) break;
    if (!token.startsWith("-") || token === "-" || /^-\d/.test(token)) continue;
    const name = token.replace(/^--?/, "").split("=")[0] ?? "";
    if (takesValue.has(name) && !token.includes("=")) index++;
    if (known.has(name)) continue;
    const closest = [...known].filter((candidate) => candidate.length > 1).sort((a, b) => distance(name, a) - distance(name, b))[0];
    const hint = closest && distance(name, closest) <= 3 ? ` (did you mean --${closest}?)` : "";
    throw new CliError(`Unknown flag ${token.split("=")[0]} for punie ${command}${hint}. See punie ${command} --help.`, 2);
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

export function parseCount(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000) throw new CliError(`--${flag} must be a whole number from 1 to 1000, not "${value}".`);
  return number;
}

/** Seconds: `300`, `90s`, `5m`, `1h`. */
export function parseSeconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (match[2] === "h" ? 3600 : match[2] === "m" ? 60 : 1) : Number.NaN;
  if (!(seconds > 0)) throw new CliError(`--${flag} must be a number of seconds (or 90s, 5m, 1h), not "${value}".`);
  return seconds;
}

export function parseFraction(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new CliError(`--${flag} is a score from 0 to 1 (e.g. 0.8), not "${value}".`);
  }
  return number;
}

/** A comma-separated list of numbers: `0,0.3`. */
export function parseNumberList(value: string | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  const numbers = value.split(",").map((part) => Number(part.trim()));
  if (numbers.length === 0 || numbers.some((number, index) => !Number.isFinite(number) || value.split(",")[index]?.trim() === "")) {
    throw new CliError(`--${flag} takes numbers separated by commas (e.g. 0,0.3), not "${value}".`);
  }
  return numbers;
}
