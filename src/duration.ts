/**
 * THE parser of `--since` for every command (perf, dataset export, …): a span back from now
 * (`30m`, `24h`, `7d`, `2w`, `1.5h`) or an ISO date (`2026-01-31`, `2026-01-31T08:00:00Z`). A bare
 * number is refused: `5` could mean minutes, days or the year 2005. Durations are shown by
 * `formatMs` in format.ts, the one formatter.
 */
import { CliError } from "./errors.ts";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A span like `30m`, `1.5h`, `7d`, `2w` in milliseconds, or null when the text is not one. */
export function parseSpan(text: string): number | null {
  const span = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(text.trim());
  return span ? Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS] : null;
}

// A calendar date, optionally with a time and a zone: what people type, no more.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The moment `--since TEXT` means, in epoch ms.
 *
 * @example parseSince("7d", Date.now()) // a week ago
 * @example parseSince("2026-01-31", now) // that date, UTC midnight
 */
export function parseSince(text: string, now: number, flag = "--since"): number {
  const span = parseSpan(text);
  if (span !== null) return now - span;
  const trimmed = text.trim();
  if (ISO_DATE.test(trimmed) && isCalendarDate(trimmed.slice(0, 10))) {
    const at = Date.parse(trimmed);
    if (Number.isFinite(at)) return at;
  }
  // A usage mistake (exit 2): nothing has run.
  throw new CliError(`${flag} ${JSON.stringify(text)}: expected a span like 30m, 24h, 7d, 2w, 1.5h or a date like 2026-01-31`, 2);
}

/** `2026-02-30` is not a day, though Date.parse would roll it over to March. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
