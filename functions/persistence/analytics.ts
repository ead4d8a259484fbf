import type { PostChannelRecord } from '../domain/analytics.js';
import { availableMetrics, followerCount } from '../domain/kpis.js';
import type { PostRecord } from '../domain/post.js';
import { toUtc } from '../domain/time.js';
import { conversionCountsOf } from './conversions.js';
import { keys } from './keys.js';
import { listMetricSnapshots, type MetricSnapshot } from './metric-snapshots.js';
import { listCalendar } from './posts.js';
import { batchGetAll } from './table.js';

/**
 * How long before a period a post may have been scheduled and still be published in it: a
 * rate-limited channel can hold a publish back by hours, so a day covers it.
 */
const scheduleMargin = 86_400_000;

/**
 * Every channel of every post of a brand published in `[start, end)`, with the latest metric
 * snapshot of each channel and the conversions attributed to it. Reads by key only: one
 * Query of the `calendar` index for the brand's posts scheduled in the period (and a day
 * before), BatchGetItem for their `POST` items, then BatchGetItem for each post's latest
 * snapshot per channel (at `lastMetricsRound`) and its conversion counts; a Query only for a
 * post whose latest round missed a channel (docs/data-model.md, access patterns).
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
  // The latest snapshot of each channel is at the post's `lastMetricsRound`: one batch of keys
  // instead of a query per post. A channel without it (a failed round) is read by a query.
  const wanted = published.flatMap((post) => [
    keys.conversionCounts(post.postId),
    // The publish records carry the followers at post time.
    ...post.channels.map((c) => keys.publish(post.postId, c)),
    ...(post.lastMetricsRound
      ? post.channels.map((c) => keys.metrics(post.postId, c, post.lastMetricsRound ?? 0))
      : []),
  ]);
  const byPk = new Map<string, Record<string, unknown>[]>();
  for (const item of await batchGetAll(wanted))
    byPk.set(String(item.pk), [...(byPk.get(String(item.pk)) ?? []), item]);
  const records: PostChannelRecord[] = [];
  for (const post of published) {
    const items = byPk.get(keys.post(post.postId).pk) ?? [];
    const counts = conversionCountsOf(
      items.find((item) => item.sk === keys.conversionCounts(post.postId).sk),
    );
    const latest = new Map<string, MetricSnapshot>();
    for (const item of items) {
      if (String(item.sk).startsWith(keys.metricsPrefix))
        latest.set(String(item.channel), item as unknown as MetricSnapshot);
    }
    if (post.lastMetricsRound && latest.size < post.channels.length) {
      for (const snapshot of await listMetricSnapshots(post.postId)) {
        const seen = latest.get(snapshot.channel);
        if (!seen || snapshot.round > seen.round) latest.set(snapshot.channel, snapshot);
      }
    }
    const followersAt = (channel: string) =>
      items.find((item) => item.sk === keys.publish(post.postId, channel).sk)?.followersAtPostTime;
    records.push(
      ...[...latest.values()].map((snapshot) =>
        toRecord(post, snapshot, counts[snapshot.channel] ?? 0, followersAt(snapshot.channel)),
      ),
    );
  }
  return records;
}

function toRecord(
  post: PostRecord,
  snapshot: MetricSnapshot,
  conversions: number,
  followersAtPostTime: unknown,
): PostChannelRecord {
  return {
    postId: post.postId,
    channel: snapshot.channel,
    publishedAt: post.publishedAt ?? snapshot.at,
    ...(post.campaign ? { campaign: post.campaign } : {}),
    contentType: post.contentType,
    promotion: post.promotion?.type ?? 'organic',
    metrics: availableMetrics(snapshot.metrics),
    conversions,
    followersAtPostTime: followerCount(followersAtPostTime),
    ...(snapshot.followers === undefined
      ? {}
      : { followersLater: { at: snapshot.collectedAt, followers: snapshot.followers } }),
  };
}
