/**
 * Percentiles by linear interpolation between the closest ranks (the default of numpy and of
 * most spreadsheets), so p50 of an even count is the mean of the two middle values.
 *
 * @example percentile([10, 20, 30, 40], 50) // 25
 */
export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  const sorted = finite.toSorted((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] ?? 0;
  const highValue = sorted[high] ?? lowValue;
  return lowValue + (highValue - lowValue) * (rank - low);
}
