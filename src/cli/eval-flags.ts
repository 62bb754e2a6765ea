/**
 * Flag values of `punie eval`: numbers with their ranges, as one-line errors.
 */
import { CliError } from "../errors.ts";

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
