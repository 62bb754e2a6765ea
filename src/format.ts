/** Human units for durations, sizes and rates: perf reports, tool messages, the terminal. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `n` to `digits` decimals, "–" when there is none (a loss not reported yet). */
export function formatFixed(n: number | null | undefined, digits = 3): string {
  return n === null || n === undefined ? "–" : n.toFixed(digits);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** A fraction as a percentage: 0.75 → "75.0%" (`digits` decimals), "–" when there is none. */
export function formatPercent(fraction: number | null, digits = 1): string {
  return fraction === null ? "–" : `${(fraction * 100).toFixed(digits)}%`;
}

/** A failure rate: whole percents, one decimal under 10% (so 2 in 300 is not "1%"). */
export function formatRate(rate: number): string {
  return formatPercent(rate, rate > 0 && rate < 0.1 ? 1 : 0);
}

/** "1 call", "2 calls". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Local date and time, minute precision: what a person reading a report wants. */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
