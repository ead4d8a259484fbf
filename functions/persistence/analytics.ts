import type { PostChannelRecord } from '../domain/analytics.js';
import { availableMetrics } from '../domain/kpis.js';
import type { PostRecord } from '../domain/post.js';
import { toUtc } from '../domain/time.js';
import type { ConversionRecord } from './conversions.js';
import { keys } from './keys.js';
import type { MetricSnapshot } from './metric-snapshots.js';
import { listCalendar } from './posts.js';
import { queryAll } from './table.js';

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
 * before), one BatchGetItem per 100 posts for their status, and one Query per published
 * post for its snapshots and conversions (docs/data-model.md, "Reports").
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

/** The post's channel records from its snapshots and conversions: one Query, lifecycle log left out. */
async function readPostRecords(post: PostRecord): Promise<PostChannelRecord[]> {
  const items = await queryAll({
    // CONVERSION# < LOG# < METRICS#: one range holds both, the filter drops the log entries.
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    FilterExpression: 'NOT begins_with(sk, :log)',
    ExpressionAttributeValues: {
      ':pk': keys.post(post.postId).pk,
      ':from': keys.conversionPrefix,
      ':to': `${keys.metricsPrefix}\uffff`,
      ':log': keys.logPrefix,
    },
  });
  const latest = new Map<string, MetricSnapshot>();
  const conversions = new Map<string, number>();
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith(keys.conversionPrefix)) {
      const channel = (item as unknown as ConversionRecord).channel;
      conversions.set(channel, (conversions.get(channel) ?? 0) + 1);
      continue;
    }
    const snapshot = item as unknown as MetricSnapshot;
    const seen = latest.get(snapshot.channel);
    if (!seen || snapshot.round > seen.round) latest.set(snapshot.channel, snapshot);
  }
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
