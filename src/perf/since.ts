/** Parses `--since`: a span back from now (`30m`, `24h`, `7d`, `2w`) or an ISO date. */
import { ConfigError } from "../errors.ts";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * @example parseSince("7d", Date.now()) // a week ago, epoch ms
 * @example parseSince("2026-01-31", now) // that date, UTC midnight
 */
export function parseSince(text: string, now: number): number {
  const span = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(text.trim());
  if (span) return now - Number(span[1]) * (UNIT_MS[span[2] ?? "d"] ?? 0);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (Number.isFinite(at)) return at;
  }
  throw new ConfigError(`--since ${JSON.stringify(text)} is not a span like 30m, 24h, 7d, 2w or a date like 2026-01-31.`);
}
