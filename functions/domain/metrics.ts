import type { MetricsRound } from '../../workflows/contract.js';
import { DEFAULT_METRICS_SCHEDULE_HOURS, parseMetricsScheduleHours } from './metrics-schedule.js';
import { toUtc } from './time.js';

/** Engagement counts of one post on one channel at one moment. */
export interface ChannelMetrics {
  impressions: number;
  likes: number;
  comments: number;
  shares: number;
  clicks: number;
  /** Unique accounts reached, where the platform counts them. */
  reach?: number;
  saves?: number;
  videoViews?: number;
  /** Normalized names the platform does not provide: their value above is 0, not a measurement. */
  notProvided?: NormalizedMetricName[];
  /** The platform's own answer, kept for audit and for metrics not normalized. */
  raw?: unknown;
}

/** The normalized metric names every channel maps to (docs/channels.md, per platform). */
export const normalizedMetricNames = [
  'impressions',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
  'videoViews',
] as const;
export type NormalizedMetricName = (typeof normalizedMetricNames)[number];

/**
 * Parses `METRICS_SCHEDULE_HOURS` (comma-separated hours after publication) with the stack's
 * own parser; unset, the default schedule.
 *
 * @example
 * ```ts
 * parseScheduleHours('1,24,72'); // [1, 24, 72]
 * ```
 */
export function parseScheduleHours(value: string | undefined): number[] {
  // A deployment always plans a round; the bench sets none to cost a lifecycle without them.
  if (value?.trim() === '') return [];
  return parseMetricsScheduleHours(value ?? DEFAULT_METRICS_SCHEDULE_HOURS, 'METRICS_SCHEDULE_HOURS');
}

/**
 * The metric rounds after a publication, numbered from 1.
 *
 * @example
 * ```ts
 * metricsRounds('2030-01-01T00:00:00Z', [1, 24]);
 * // [{ round: 1, at: '2030-01-01T01:00:00Z' }, { round: 2, at: '2030-01-02T00:00:00Z' }]
 * ```
 */
export function metricsRounds(publishedAt: string, hours: readonly number[]): MetricsRound[] {
  const start = Date.parse(publishedAt);
  return hours.map((h, index) => ({ round: index + 1, at: toUtc(start + h * 3_600_000) }));
}

/** A stable number in [0, 1) from a string, so the sandbox's metrics differ per post but never per call. */
function seedOf(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0;
  return hash / 2 ** 32;
}

/**
 * Deterministic engagement that grows with the hours since publication, with diminishing
 * returns: the same inputs always give the same numbers.
 *
 * @example
 * ```ts
 * simulatedMetrics('x:post-1', '2030-01-01T00:00:00Z', '2030-01-01T24:00:00Z').impressions; // > 0
 * ```
 */
export function simulatedMetrics(key: string, publishedAt: string, at: string): ChannelMetrics {
  const hours = Math.max(0, (Date.parse(at) - Date.parse(publishedAt)) / 3_600_000);
  const reach = 1 + seedOf(key);
  const impressions = Math.floor(reach * 400 * Math.log2(1 + hours));
  return {
    impressions,
    likes: Math.floor(impressions * 0.05),
    comments: Math.floor(impressions * 0.008),
    shares: Math.floor(impressions * 0.01),
    clicks: Math.floor(impressions * 0.02),
  };
}
