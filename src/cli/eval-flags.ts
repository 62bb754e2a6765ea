/**
 * Flag values of `punie eval`: numbers with their ranges, as one-line errors.
 */
import { parseSpan } from "../duration.ts";
import { CliError } from "../errors.ts";

/** A bad flag value is a usage mistake: exit 2, nothing ran. */
const USAGE = 2;

export function parseCount(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000) throw new CliError(`--${flag} must be a whole number from 1 to 1000, not "${value}".`, USAGE);
  return number;
}

/** Seconds (`300`), or a span (`5m`, `1.5h`: the one span parser, duration.ts). */
export function parseSeconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : (parseSpan(value) ?? Number.NaN) / 1000;
  if (!(seconds > 0)) throw new CliError(`--${flag} must be a number of seconds (or a span: 5m, 1.5h), not "${value}".`, USAGE);
  return seconds;
}

export function parseFraction(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new CliError(`--${flag} is a score from 0 to 1 (e.g. 0.8), not "${value}".`, USAGE);
  }
  return number;
}
