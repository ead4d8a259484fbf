import type { ChannelMetrics, NormalizedMetricName } from './metrics.js';
import { normalizedMetricNames } from './metrics.js';

/**
 * A measured figure, or why there is none. A platform that does not count something, or a
 * ratio whose denominator is zero, is "not available": never a zero that reads as a result.
 */
export type Figure =
  | { value: number; sample: number }
  | { value: null; sample: number; reason: 'not-provided' | 'zero-denominator' | 'no-data' };

/** The normalized metrics of one snapshot, `null` where the platform did not provide one. */
export type AvailableMetrics = Record<NormalizedMetricName, number | null>;

/** The engagement-rate variants, each named after its denominator (docs/kpis.md). */
export const engagementRateVariants = ['byImpressions', 'byReach', 'byFollowers'] as const;
export type EngagementRateVariant = (typeof engagementRateVariants)[number];

/** Interactions counted as engagements: likes, comments, shares and saves (clicks are their own KPI). */
export const engagementMetrics = ['likes', 'comments', 'shares', 'saves'] as const;

/**
 * The metrics of a snapshot with those the platform did not provide as `null`.
 *
 * @example
 * ```ts
 * availableMetrics({ impressions: 0, likes: 3, comments: 0, shares: 1, clicks: 0, notProvided: ['impressions', 'clicks'] });
 * // { impressions: null, likes: 3, comments: 0, shares: 1, clicks: null, reach: null, saves: null, videoViews: null }
 * ```
 */
export function availableMetrics(metrics: ChannelMetrics): AvailableMetrics {
  const missing = new Set(metrics.notProvided ?? []);
  const result = {} as AvailableMetrics;
  for (const name of normalizedMetricNames) {
    const value = metrics[name];
    result[name] = missing.has(name) || typeof value !== 'number' || !Number.isFinite(value) ? null : value;
  }
  return result;
}

/**
 * Metrics with every name not given as not available.
 *
 * @example
 * ```ts
 * metricsOf({ likes: 3 }).impressions; // null
 * ```
 */
export function metricsOf(values: Partial<AvailableMetrics>): AvailableMetrics {
  const result = {} as AvailableMetrics;
  for (const name of normalizedMetricNames) result[name] = values[name] ?? null;
  return result;
}

/**
 * The facts of one post on one channel that every KPI is computed from: the latest
 * snapshot's metrics, the conversions attributed to it and the followers when it was
 * published (null: not known).
 */
export interface PostChannelFacts {
  postId: string;
  channel: string;
  metrics: AvailableMetrics;
  conversions: number;
  followersAtPostTime: number | null;
}

/**
 * Engagements of one post on one channel: the sum of the interactions the platform counts,
 * or null when it counts none of them.
 *
 * @example
 * ```ts
 * engagements({ likes: 10, comments: 2, shares: null, saves: 1 } as AvailableMetrics); // 13
 * ```
 */
export function engagements(metrics: AvailableMetrics): number | null {
  const given = engagementMetrics.map((name) => metrics[name]).filter((v): v is number => v !== null);
  return given.length ? given.reduce((sum, v) => sum + v, 0) : null;
}

/** Numerator and denominator of one ratio KPI, per post-channel. */
type RatioParts = (facts: PostChannelFacts) => { numerator: number | null; denominator: number | null };

const ratioParts = {
  byImpressions: (f) => ({ numerator: engagements(f.metrics), denominator: f.metrics.impressions }),
  byReach: (f) => ({ numerator: engagements(f.metrics), denominator: f.metrics.reach }),
  byFollowers: (f) => ({ numerator: engagements(f.metrics), denominator: f.followersAtPostTime }),
  clickThroughRate: (f) => ({ numerator: f.metrics.clicks, denominator: f.metrics.impressions }),
  conversionRate: (f) => ({ numerator: f.conversions, denominator: f.metrics.clicks }),
} satisfies Record<string, RatioParts>;

/** The ratio KPIs: the engagement-rate variants, click-through rate (clicks / impressions) and conversion rate (conversions / clicks). */
export type RatioKpi = keyof typeof ratioParts;
export const ratioKpis = Object.keys(ratioParts) as RatioKpi[];

/**
 * A ratio over a sample of post-channels: the sum of numerators over the sum of
 * denominators, counting only the post-channels where both are available (so a platform
 * without impressions neither adds to nor dilutes an engagement rate by impressions).
 *
 * @example
 * ```ts
 * ratio('clickThroughRate', facts); // { value: 0.02, sample: 3 }
 * ```
 */
export function ratio(kpi: RatioKpi, facts: readonly PostChannelFacts[]): Figure {
  let numerator = 0;
  let denominator = 0;
  let sample = 0;
  for (const fact of facts) {
    const parts = ratioParts[kpi](fact);
    if (parts.numerator === null || parts.denominator === null) continue;
    numerator += parts.numerator;
    denominator += parts.denominator;
    sample += 1;
  }
  if (sample === 0) return { value: null, sample, reason: facts.length ? 'not-provided' : 'no-data' };
  if (denominator === 0) return { value: null, sample, reason: 'zero-denominator' };
  return { value: numerator / denominator, sample };
}

/**
 * The sum of one count over a sample, from the post-channels that provide it.
 *
 * @example
 * ```ts
 * total('reach', facts); // { value: 1200, sample: 2 }
 * ```
 */
export function total(
  metric: NormalizedMetricName | 'engagements' | 'conversions',
  facts: readonly PostChannelFacts[],
): Figure {
  let sum = 0;
  let sample = 0;
  for (const fact of facts) {
    const value =
      metric === 'engagements'
        ? engagements(fact.metrics)
        : metric === 'conversions'
          ? fact.conversions
          : fact.metrics[metric];
    if (value === null) continue;
    sum += value;
    sample += 1;
  }
  if (sample === 0) return { value: null, sample, reason: facts.length ? 'not-provided' : 'no-data' };
  return { value: sum, sample };
}

/**
 * A platform's follower figure as a count: a non-negative whole number, anything else `null`.
 *
 * @example
 * ```ts
 * followerCount(1250); // 1250
 * followerCount('n/a'); // null
 * ```
 */
export function followerCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * Follower growth over a period: (followers at the end - at the start) / at the start.
 *
 * @example
 * ```ts
 * followerGrowth(1000, 1050); // { value: 0.05, sample: 1 }
 * ```
 */
export function followerGrowth(start: number | null, end: number | null): Figure {
  if (start === null || end === null) return { value: null, sample: 0, reason: 'not-provided' };
  if (start === 0) return { value: null, sample: 1, reason: 'zero-denominator' };
  return { value: (end - start) / start, sample: 1 };
}

/** Every KPI of one sample of post-channels (a post, a channel, a campaign, a period...). */
export interface KpiSummary {
  /** Post-channels in the sample. */
  sample: number;
  posts: number;
  impressions: Figure;
  reach: Figure;
  engagements: Figure;
  clicks: Figure;
  conversions: Figure;
  engagementRate: Record<EngagementRateVariant, Figure>;
  clickThroughRate: Figure;
  conversionRate: Figure;
}

/**
 * The KPIs of a sample.
 *
 * @example
 * ```ts
 * summarize(facts).engagementRate.byImpressions; // { value: 0.05, sample: 4 }
 * ```
 */
export function summarize(facts: readonly PostChannelFacts[]): KpiSummary {
  return {
    sample: facts.length,
    posts: new Set(facts.map((f) => f.postId)).size,
    impressions: total('impressions', facts),
    reach: total('reach', facts),
    engagements: total('engagements', facts),
    clicks: total('clicks', facts),
    conversions: total('conversions', facts),
    engagementRate: {
      byImpressions: ratio('byImpressions', facts),
      byReach: ratio('byReach', facts),
      byFollowers: ratio('byFollowers', facts),
    },
    clickThroughRate: ratio('clickThroughRate', facts),
    conversionRate: ratio('conversionRate', facts),
  };
}
