import type { PostChannelRecord } from '../domain/analytics.js';
import { availableMetrics } from '../domain/kpis.js';
import type { PostRecord } from '../domain/post.js';
import { toUtc } from '../domain/time.js';
import { listConversions } from './conversions.js';
import { listMetricSnapshots, type MetricSnapshot } from './metric-snapshots.js';
import { listCalendar } from './posts.js';

/**
 * How long before a period a post may have been scheduled and still be published in it: a
 * rate-limited channel can hold a publish back by hours, so a day covers it.
 */
const scheduleMargin = 86_400_000;

/** Posts whose partitions are read at once. */
const readConcurrency = 16;

/**
 * Every channel of every post of a brand published in `[start, end)`, with the latest metric
 * snapshot of each channel and the conversions attributed to it. Reads by key only: one
 * Query of the `calendar` index for the brand's posts scheduled in the period (and a day
 * before), one BatchGetItem per 100 posts for their status, and two Queries per published
 * post (its `METRICS#` and `CONVERSION#` items) (docs/data-model.md, "Reports").
 *
 * @example
 * ```ts
 * const records = await listPublishedRecords('acme', november.start, november.end);
 * ```
 */
export async function listPublishedRecords(
  brandId: string,
  start: number,
  end: number,
): Promise<PostChannelRecord[]> {
  const posts = await listCalendar(brandId, toUtc(start - scheduleMargin), toUtc(end), { withReview: false });
  const published = posts.filter((post) => {
    const at = post.publishedAt ? Date.parse(post.publishedAt) : Number.NaN;
    return at >= start && at < end;
  });
  const records: PostChannelRecord[] = [];
  for (let i = 0; i < published.length; i += readConcurrency) {
    const batch = await Promise.all(published.slice(i, i + readConcurrency).map(readPostRecords));
    records.push(...batch.flat());
  }
  return records;
}

/** The post's channel records from its snapshots and conversions: two Queries of its partition. */
async function readPostRecords(post: PostRecord): Promise<PostChannelRecord[]> {
  const [snapshots, conversionItems] = await Promise.all([
    listMetricSnapshots(post.postId),
    listConversions(post.postId),
  ]);
  const latest = new Map<string, MetricSnapshot>();
  for (const snapshot of snapshots) {
    const seen = latest.get(snapshot.channel);
    if (!seen || snapshot.round > seen.round) latest.set(snapshot.channel, snapshot);
  }
  const conversions = new Map<string, number>();
  for (const { channel } of conversionItems) conversions.set(channel, (conversions.get(channel) ?? 0) + 1);
  return [...latest.values()].map((snapshot) => ({
    postId: post.postId,
    channel: snapshot.channel,
    publishedAt: post.publishedAt ?? snapshot.at,
    ...(post.campaign ? { campaign: post.campaign } : {}),
    contentType: post.contentType,
    promotion: post.promotion?.type ?? 'organic',
    metrics: availableMetrics(snapshot.metrics),
    conversions: conversions.get(snapshot.channel) ?? 0,
    followersAtPostTime: null,
  }));
}
