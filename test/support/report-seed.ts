import type { BrandProfileInput } from '../../functions/domain/brand.js';
import type { ChannelMetrics } from '../../functions/domain/metrics.js';
import type { PostRecord } from '../../functions/domain/post.js';
import { putBrand } from '../../functions/persistence/brands.js';
import { putConversion } from '../../functions/persistence/conversions.js';
import { putMetricSnapshot } from '../../functions/persistence/metric-snapshots.js';
import { createPost } from '../../functions/persistence/posts.js';

/** One published post to seed: its channels' metrics per round, and its conversions. */
export interface SeededPost {
  postId: string;
  publishedAt: string;
  campaign?: string;
  contentType?: PostRecord['contentType'];
  promotion?: PostRecord['promotion'];
  /** Per channel, the metrics of each round, in round order. */
  rounds: Record<string, ChannelMetrics[]>;
  conversions?: { channel: string; count: number };
}

/**
 * Stores a brand and its published posts, with metric snapshots and conversions, through
 * the persistence the handlers write with: the records a report reads.
 *
 * @example
 * ```ts
 * await seedPublishedPosts(profile, [{ postId: 'p1', publishedAt, rounds: { x: [m1, m2] } }]);
 * ```
 */
export async function seedPublishedPosts(
  profile: BrandProfileInput,
  posts: readonly SeededPost[],
): Promise<void> {
  await putBrand(profile);
  for (const post of posts) {
    const channels = Object.keys(post.rounds);
    const record: PostRecord = {
      postId: post.postId,
      brandId: profile.brandId,
      ...(post.campaign ? { campaign: post.campaign } : {}),
      authorId: 'author-1',
      contentType: post.contentType ?? 'text',
      content: Object.fromEntries(channels.map((channel) => [channel, { text: `Post ${post.postId}` }])),
      ...(post.promotion ? { promotion: post.promotion } : {}),
      channels,
      scheduledAt: post.publishedAt,
      timeZone: 'UTC',
      status: 'completed',
      revision: 1,
      contentHash: 'seed',
      executionName: `${post.postId}-r1`,
      executionRevision: 1,
      publishedAt: post.publishedAt,
      // As CollectMetrics leaves it: the last round read.
      metricsRoundsPlanned: Math.max(...Object.values(post.rounds).map((r) => r.length)),
      lastMetricsRound: Math.max(...Object.values(post.rounds).map((r) => r.length)),
      createdAt: post.publishedAt,
      updatedAt: post.publishedAt,
    };
    await createPost(record, { action: 'submitted', actor: { type: 'system', id: 'seed' }, revision: 1 });
    for (const [channel, rounds] of Object.entries(post.rounds)) {
      for (const [index, metrics] of rounds.entries()) {
        const at = new Date(Date.parse(post.publishedAt) + (index + 1) * 3_600_000).toISOString();
        await putMetricSnapshot(post.postId, {
          channel,
          round: index + 1,
          at,
          collectedAt: at,
          externalId: `${channel}-${post.postId}`,
          metrics,
        });
      }
    }
    for (let i = 0; i < (post.conversions?.count ?? 0); i += 1) {
      await putConversion({
        conversionId: `${post.postId}-c${i}`,
        postId: post.postId,
        channel: post.conversions?.channel ?? channels[0] ?? 'x',
        kind: 'purchase',
        occurredAt: post.publishedAt,
        recordedAt: post.publishedAt,
      });
    }
  }
}
