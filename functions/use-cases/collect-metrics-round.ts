import { type MetricsTaskInput, WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { ChannelFailure } from '../channels/core/channel-adapter.js';
import { readFollowers } from '../channels/followers.js';
import { adapterFor } from '../channels/registry.js';
import type { BrandProfile } from '../domain/brand.js';
import { BrandflowError, ConfigurationError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { ChannelMetrics } from '../domain/metrics.js';
import { MetricsRoundAction, metricsScheduleName, scheduleExpressionAt } from '../domain/metrics-schedule.js';
import { getBrand } from '../persistence/brands.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { listMetricSnapshots, putMetricSnapshot } from '../persistence/metric-snapshots.js';
import { changePost } from '../persistence/posts.js';
import { listPublishRecords, type PublishRecord } from '../persistence/publish-records.js';
import { announceReconnect, routeChannelFailure } from './failure-routing.js';
import {
  allRoundsRecorded,
  closeMetricsWait,
  collectingMetrics,
  type MetricsWaitPost,
} from './metrics-wait.js';
import { loadOwnedPost } from './owned-post.js';
import { recheckAmbiguousChannels } from './recheck-channels.js';

/** What one call of CollectMetrics did with its round. */
export type RoundOutcome =
  | { round: number; outcome: 'collected' | 'failed' | 'repeated'; waitClosed: boolean }
  | { round: number; outcome: 'retry_scheduled'; retryAt: string; waitClosed: false }
  | { round: number; outcome: 'skipped'; reason: string; waitClosed: false }
  | { round: number; outcome: 'feedback_collected'; recorded: number; waitClosed: false };

/**
 * One metrics round, as its schedule invokes it (asynchronously: it may run more than once).
 * Reads one snapshot per published channel; snapshots are never overwritten, so a repeat
 * reads no channel again. A rate limit schedules the round again at the time the platform
 * named; a permanent failure records the round as failed; a passing fault throws, so Lambda
 * runs the call again. The call that records the last planned round ends AwaitMetricsRounds.
 *
 * @example
 * ```ts
 * await collectMetricsRound({ postId, executionName, round: 1, at: '2030-01-01T01:00:00Z' }, { functionArn });
 * ```
 */
export async function collectMetricsRound(
  input: MetricsTaskInput,
  self: { functionArn: string },
): Promise<RoundOutcome> {
  const post = await ownedPostOrSkip(input);
  if ('reason' in post)
    return { round: input.round, outcome: 'skipped', reason: post.reason, waitClosed: false };
  if (input.feedbackHour !== undefined) {
    // An early feedback-only collection: the round's metrics and its wait are not touched.
    const { collectPostFeedback } = await import('./collect-feedback.js');
    const { recorded } = await collectPostFeedback(post);
    return { round: input.round, outcome: 'feedback_collected', recorded, waitClosed: false };
  }
  if ((post.lastMetricsRound ?? 0) >= input.round) {
    // A repeat after the round was recorded: the wait may not have heard of it yet.
    const waitClosed = allRoundsRecorded(post) && (await closeMetricsWait(post, input.executionName));
    return { round: input.round, outcome: 'repeated', waitClosed };
  }
  const reading = await readChannels(post, input);
  // Replies are read in the same round; a feedback failure never holds the metrics back.
  // Loaded on first use: the triage it brings would otherwise weigh on every cold start. The
  // brand and publish records the round just read serve it too.
  const { collectFeedback } = await import('./collect-feedback.js');
  const feedback = await collectFeedback(post, reading.brand, reading.records);
  if (reading.retryAt) {
    const attempt = (input.rateLimitWaits ?? 0) + 1;
    // Loaded here: only a rate-limited round schedules itself again.
    const { createRoundSchedule } = await import('../aws/scheduler.js');
    await createRoundSchedule({
      name: metricsScheduleName(input.executionName, input.round, attempt),
      expression: scheduleExpressionAt(reading.retryAt, Date.now()),
      input: { ...input, rateLimitWaits: attempt },
      targetArn: self.functionArn,
    });
    return { round: input.round, outcome: 'retry_scheduled', retryAt: reading.retryAt, waitClosed: false };
  }
  const failed = reading.failure !== undefined;
  // A post whose every channel failed stays `publish_failed` until a re-check finds one published.
  const nothingPublished = reading.firstPublishedAt === undefined;
  await changePost(post.postId, {
    set: {
      status: nothingPublished ? PostStatus.PublishFailed : PostStatus.CollectingMetrics,
      lastMetricsRound: input.round,
      ...(post.publishedAt || nothingPublished ? {} : { publishedAt: reading.firstPublishedAt }),
    },
    when: {
      statusIn: collectingMetrics,
      executionName: input.executionName,
      below: { attribute: 'lastMetricsRound', value: input.round },
    },
    log: {
      action: failed ? MetricsRoundAction.failed : MetricsRoundAction.collected,
      actor: workflowActor(input.executionName),
      revision: post.revision,
      details: {
        round: input.round,
        channels: Object.keys(reading.collected),
        error: reading.failure,
        feedback: { recorded: feedback.recorded, byCategory: feedback.byCategory, spike: feedback.spike },
      },
    },
    events:
      failed || nothingPublished
        ? []
        : [
            {
              type: OutboundEvent.MetricsCollected,
              detail: detailOf(post, { round: input.round, at: input.at, metrics: reading.collected }),
            },
          ],
  });
  const recorded = { ...post, lastMetricsRound: Math.max(post.lastMetricsRound ?? 0, input.round) };
  const waitClosed = allRoundsRecorded(recorded) && (await closeMetricsWait(recorded, input.executionName));
  return { round: input.round, outcome: failed ? 'failed' : 'collected', waitClosed };
}

/**
 * The post, when this round still concerns it. A round that arrives for a superseded,
 * cancelled or completed lifecycle (a late schedule, a wait that timed out) has nothing to
 * do, and throwing would only make Lambda run it again.
 */
async function ownedPostOrSkip(input: MetricsTaskInput): Promise<MetricsWaitPost | { reason: string }> {
  let post: MetricsWaitPost;
  try {
    post = await loadOwnedPost(input);
  } catch (error) {
    const withdrawn: string[] = [WorkflowError.PostSuperseded, WorkflowError.PostCancelled];
    if (error instanceof BrandflowError && withdrawn.includes(error.name)) return { reason: error.name };
    throw error;
  }
  if (post.lifecycleCompletedAt) return { reason: 'lifecycle completed' };
  if (!collectingMetrics.includes(post.status)) {
    throw new UnexpectedStatusError(`cannot collect metrics of a post that is ${post.status}`, {
      context: { postId: post.postId, round: input.round },
    });
  }
  return post;
}

interface ChannelReading {
  collected: Record<string, ChannelMetrics>;
  /** Set when a platform asked to wait: the round runs again then. */
  retryAt?: string;
  /** Set when a channel failed for good (the others are still read): the round is recorded as failed. */
  failure?: string;
  /** When the first channel that is published now was published; undefined when none is. */
  firstPublishedAt?: string;
  /** The post's brand and its channels published now, as the round read them. */
  brand: BrandProfile;
  records: PublishRecord[];
}

async function readChannels(post: MetricsWaitPost, input: MetricsTaskInput): Promise<ChannelReading> {
  const context = { postId: post.postId, round: input.round };
  const brand = await getBrand(post.brandId);
  if (!brand) throw new ConfigurationError('the post names a brand that does not exist', { context });
  const all = await listPublishRecords(post.postId);
  // A channel failed after an ambiguous call may be out after all: once corrected, it is read too.
  const corrected = await recheckAmbiguousChannels(post, brand, all, input.executionName);
  const records = (corrected.length ? await listPublishRecords(post.postId) : all).filter(
    (r) => r.status === 'published',
  );
  const firstPublishedAt = records
    .map((r) => r.publishedAt)
    .filter((at): at is string => Boolean(at))
    .sort()[0];
  const taken = new Set(
    (await listMetricSnapshots(post.postId)).filter((s) => s.round === input.round).map((s) => s.channel),
  );
  const collected: Record<string, ChannelMetrics> = {};
  const failures: string[] = [];
  for (const record of records) {
    const channel = brand.channels.find((c) => c.id === record.channel);
    if (taken.has(record.channel) || !channel || !record.externalId || !record.url || !record.publishedAt)
      continue;
    const published = { externalId: record.externalId, url: record.url, publishedAt: record.publishedAt };
    const adapter = await adapterFor(channel, post);
    let metrics: ChannelMetrics;
    try {
      metrics = await adapter.fetchMetrics(published, input.at);
    } catch (error) {
      if (!(error instanceof ChannelFailure)) throw error;
      await announceReconnect(post, channel, error);
      const routed = routeChannelFailure(error, input.rateLimitWaits ?? 0, {
        ...context,
        channel: record.channel,
      });
      if (routed.error.name === WorkflowError.ChannelRateLimited) {
        return { collected, retryAt: routed.error.message, firstPublishedAt, brand, records };
      }
      if (routed.error.name === WorkflowError.ChannelTransientError) throw routed.error;
      failures.push(`${record.channel}: ${routed.summary}`);
      continue;
    }
    // A failed follower read leaves the snapshot without followers, never the round failed.
    const followers = await readFollowers(adapter);
    const written = await putMetricSnapshot(post.postId, {
      channel: record.channel,
      round: input.round,
      at: input.at,
      collectedAt: new Date().toISOString(),
      externalId: record.externalId,
      metrics,
      ...(followers === null ? {} : { followers }),
    });
    // The raw platform answer stays in the snapshot; events carry the normalized numbers only.
    const { raw: _raw, ...normalized } = metrics;
    if (written) collected[record.channel] = normalized;
  }
  return {
    collected,
    failure: failures.length > 0 ? failures.join('; ') : undefined,
    firstPublishedAt,
    brand,
    records,
  };
}
