/**
 * The nearest-rank percentile: the smallest value with at least `p` percent of the values at
 * or below it, always one of the values themselves (NaN for none). Reports and the bench
 * both use it, so a p90 means the same on either page.
 *
 * @example
 * ```ts
 * percentile([30, 10, 20, 40], 50); // 20
 * percentile([30, 10, 20, 40], 90); // 40
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
