import type { ChannelMetrics } from '../domain/metrics.js';
import { keys } from './keys.js';
import { queryPrefix } from './lifecycle-log.js';
import { putIfAbsent } from './table.js';

/** One channel's metrics at one round (pk `POST#<postId>`, sk `METRICS#<channel>#<round 000>`). */
export interface MetricSnapshot {
  channel: string;
  round: number;
  /** The round's nominal time (RFC 3339 UTC). */
  at: string;
  /** When the numbers were read. */
  collectedAt: string;
  externalId: string;
  metrics: ChannelMetrics;
  /** Followers of the posting account at this round; absent where the platform does not give it. */
  followers?: number;
}

/**
 * Writes a snapshot unless one exists for the channel and round: snapshots form a time
 * series and are never overwritten. Returns false when it already existed.
 *
 * @example
 * ```ts
 * await putMetricSnapshot('post-1', { channel: 'x', round: 1, at, collectedAt, externalId, metrics });
 * ```
 */
export async function putMetricSnapshot(postId: string, snapshot: MetricSnapshot): Promise<boolean> {
  return putIfAbsent({ ...keys.metrics(postId, snapshot.channel, snapshot.round), postId, ...snapshot });
}

/**
 * Every metric snapshot of a post, by channel then round.
 *
 * @example
 * ```ts
 * const series = (await listMetricSnapshots('post-1')).filter((s) => s.channel === 'x');
 * ```
 */
export async function listMetricSnapshots(postId: string): Promise<MetricSnapshot[]> {
  return queryPrefix<MetricSnapshot>(postId, keys.metricsPrefix);
}
