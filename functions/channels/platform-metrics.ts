import { type ChannelMetrics, type NormalizedMetricName, normalizedMetricNames } from '../domain/metrics.js';

/* A platform's counts as the normalized metrics: what it gave, and what it did not. */

/**
 * The normalized metrics from what a platform gave: names it does not provide are 0 and
 * listed in `notProvided`.
 *
 * @example
 * ```ts
 * normalizedMetrics({ likes: 3, shares: 1, comments: 0 }, raw);
 * ```
 */
export function normalizedMetrics(
  values: Partial<Record<NormalizedMetricName, number | undefined>>,
  raw: unknown,
): ChannelMetrics {
  const notProvided = normalizedMetricNames.filter((name) => typeof values[name] !== 'number');
  const value = (name: NormalizedMetricName) => values[name] ?? 0;
  return {
    impressions: value('impressions'),
    reach: value('reach'),
    likes: value('likes'),
    comments: value('comments'),
    shares: value('shares'),
    saves: value('saves'),
    clicks: value('clicks'),
    videoViews: value('videoViews'),
    notProvided,
    raw,
  };
}

/** A number from an unknown JSON value, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The sum of the counts a platform gave, or undefined when it gave none (reposts and quotes as shares). */
export function sumProvided(...values: (number | undefined)[]): number | undefined {
  const given = values.filter((value) => value !== undefined);
  return given.length ? given.reduce((sum, value) => sum + value, 0) : undefined;
}
