/**
 * Comma-separated flag values, one reader for all: `--temperatures 0,0.3`, `--ranks 8,16`,
 * `--hosts mac1,mac2`. Pure: a bad list is a UsageError naming the flag.
 */
import { UsageError } from "./strict.ts";

/** "a, b,c" → ["a", "b", "c"]: items trimmed; an empty one ("a,,b", "a,") stays "" for the caller to refuse or drop. */
export function splitList(text: string): string[] {
  return text.split(",").map((item) => item.trim());
}

/**
 * The numbers of a comma-separated flag value, or undefined when the flag is absent. `positive`
 * refuses 0 and below; `example` shows a good value in the message.
 *
 * @example parseNumberList("1e-5, 5e-5", "learning-rates", { positive: true, example: "1e-5,5e-5" }) // [0.00001, 0.00005]
 */
export function parseNumberList(value: string | number | undefined, flag: string, options: { positive?: boolean; example: string }): number[] | undefined {
  if (value === undefined) return undefined;
  const items = splitList(String(value));
  const numbers = items.map(Number);
  if (items.some((item, index) => item === "" || !Number.isFinite(numbers[index]) || (options.positive === true && (numbers[index] ?? 0) <= 0))) {
    throw new UsageError(`--${flag} takes ${options.positive ? "positive " : ""}numbers separated by commas (e.g. ${options.example}), not "${value}".`);
  }
  return numbers;
}
