import type { MetricsTaskInput } from '../../workflows/contract.js';
import { detailOf, emit } from '../aws/event-bus.js';
import { ChannelFailure } from '../channels/channel-adapter.js';
import { announceReconnect, routeChannelFailure } from '../channels/failure-routing.js';
import { adapterFor } from '../channels/registry.js';
import { ConfigurationError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { ChannelMetrics } from '../domain/metrics.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { metricsTaskInput } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { listMetricSnapshots, putMetricSnapshot } from '../persistence/metric-snapshots.js';
import { changePost } from '../persistence/posts.js';
import { listPublishRecords } from '../persistence/publish-records.js';
import { loadOwnedPost } from '../tasks/owned-post.js';

/**
 * CollectMetrics: one round's snapshot per published channel. Snapshots are never
 * overwritten, so a repeated round keeps the first reading and reads no channel again.
 *
 * @example
 * ```ts
 * await collectMetrics({ postId, executionName, round: 1, at: '2030-01-01T01:00:00Z' });
 * ```
 */
export async function collectMetrics(input: MetricsTaskInput): Promise<{ round: number; channels: number }> {
  const post = await loadOwnedPost(input);
  const context = { postId: post.postId, round: input.round };
  if (post.status !== PostStatus.Published && post.status !== PostStatus.CollectingMetrics) {
    throw new UnexpectedStatusError(`cannot collect metrics of a post that is ${post.status}`, { context });
  }
  const brand = await getBrand(post.brandId);
  if (!brand) throw new ConfigurationError('the post names a brand that does not exist', { context });
  const records = (await listPublishRecords(post.postId)).filter((r) => r.status === 'published');
  const taken = new Set(
    (await listMetricSnapshots(post.postId)).filter((s) => s.round === input.round).map((s) => s.channel),
  );
  const collected: Record<string, ChannelMetrics> = {};
  for (const record of records) {
    const channel = brand.channels.find((c) => c.id === record.channel);
    if (taken.has(record.channel) || !channel || !record.externalId || !record.url || !record.publishedAt)
      continue;
    const published = { externalId: record.externalId, url: record.url, publishedAt: record.publishedAt };
    let metrics: ChannelMetrics;
    try {
      metrics = await adapterFor(channel).fetchMetrics(published, input.at);
    } catch (error) {
      if (!(error instanceof ChannelFailure)) throw error;
      await announceReconnect(post, channel, error);
      // After a rate-limit wait the round runs again; channels already read keep their snapshot.
      throw routeChannelFailure(error, input.rateLimitWaits ?? 0, { ...context, channel: record.channel })
        .error;
    }
    const written = await putMetricSnapshot(post.postId, {
      channel: record.channel,
      round: input.round,
      at: input.at,
      collectedAt: new Date().toISOString(),
      externalId: record.externalId,
      metrics,
    });
    // The raw platform answer stays in the snapshot; events carry the normalized numbers only.
    const { raw: _raw, ...normalized } = metrics;
    if (written) collected[record.channel] = normalized;
  }
  const changed = await changePost(post.postId, {
    set: { status: PostStatus.CollectingMetrics, lastMetricsRound: input.round },
    when: {
      statusIn: [PostStatus.Published, PostStatus.CollectingMetrics],
      executionName: input.executionName,
      below: { attribute: 'lastMetricsRound', value: input.round },
    },
    log: {
      action: 'metrics_collected',
      actor: workflowActor(input.executionName),
      revision: post.revision,
      details: { round: input.round, channels: Object.keys(collected) },
    },
  });
  if (changed) {
    await emit({
      type: OutboundEvent.MetricsCollected,
      detail: detailOf(post, { round: input.round, at: input.at, metrics: collected }),
    });
  }
  return { round: input.round, channels: records.length };
}

export const handler = lambdaHandler('collect-metrics', metricsTaskInput, collectMetrics);
