import { ChannelFailure, type PublishedPost } from '../channels/core/channel-adapter.js';
import type { AdapterDeps } from '../channels/platform-session.js';
import { adapterFor } from '../channels/registry.js';
import type { BrandProfile } from '../domain/brand.js';
import { FeedbackAuthorKeyError } from '../domain/errors.js';
import { type CollectedFeedback, type FeedbackCategory, feedbackSettingsOf } from '../domain/feedback.js';
import { getBrand } from '../persistence/brands.js';
import { type FeedbackRecord, feedbackIdOf, recordedFeedbackIds } from '../persistence/feedback.js';
import { listPublishRecords, type PublishRecord } from '../persistence/publish-records.js';
import {
  alertOnSpike,
  type FeedbackPost,
  type FoundFeedback,
  recordFeedbackBatch,
} from './record-feedback.js';

/** What one collection did, per channel: how many items were new, and which channels could not be read. */
export interface FeedbackCollection {
  recorded: number;
  /** The new items by category: what the round's lifecycle record keeps. */
  byCategory: Partial<Record<FeedbackCategory, number>>;
  unreadable: string[];
  spike: boolean;
}

/**
 * Collects the replies and comments under a post on every channel it was published on, and
 * raises the spike alert when the last hour's complaints and crisis-risk items call for it.
 * A channel that cannot be read now is skipped: the next round or early check reads it again,
 * and what was recorded is never recorded twice.
 *
 * @example
 * ```ts
 * const { recorded } = await collectFeedback(post, brand, await listPublishRecords(post.postId));
 * ```
 */
export async function collectFeedback(
  post: FeedbackPost,
  brand: BrandProfile,
  records: readonly PublishRecord[],
  options: { now?: number; deps?: AdapterDeps } = {},
): Promise<FeedbackCollection> {
  const now = options.now ?? Date.now();
  const settings = feedbackSettingsOf(brand.feedback);
  const outcome: FeedbackCollection = { recorded: 0, byCategory: {}, unreadable: [], spike: false };
  if (!settings.collect) return outcome;
  const found: FoundFeedback[] = [];
  for (const record of records) {
    const channel = brand.channels.find((c) => c.id === record.channel);
    if (record.status !== 'published' || !channel || !record.externalId || !record.url || !record.publishedAt)
      continue;
    const published: PublishedPost = {
      externalId: record.externalId,
      url: record.url,
      publishedAt: record.publishedAt,
    };
    let items: CollectedFeedback[];
    try {
      items = (await (await adapterFor(channel, post, options.deps)).fetchFeedback?.(published)) ?? [];
    } catch (error) {
      if (!(error instanceof ChannelFailure)) throw error;
      outcome.unreadable.push(record.channel);
      continue;
    }
    // Later rounds read the same replies again: those recorded already are left out before writing.
    const known = await recordedFeedbackIds(
      brand.brandId,
      items.map((item) => feedbackIdOf(brand.brandId, record.channel, item.platformId)),
    );
    for (const item of items) {
      if (!known.has(feedbackIdOf(brand.brandId, record.channel, item.platformId)))
        found.push({ channel: record.channel, item });
    }
  }
  // Every channel's new items in one write: their counts move once per round, not once per item.
  let recorded: FeedbackRecord[];
  try {
    recorded = await recordFeedbackBatch(post, brand, found, 'platform', now);
  } catch (error) {
    // Without the author key nothing is recorded: the channels are read again next round.
    if (!(error instanceof FeedbackAuthorKeyError)) throw error;
    console.warn(
      JSON.stringify({
        level: 'warn',
        message: 'feedback not recorded: the author key cannot be read',
        error: error.name,
        context: error.context,
        channels: [...new Set(found.map((f) => f.channel))],
      }),
    );
    outcome.unreadable.push(...new Set(found.map((f) => f.channel)));
    recorded = [];
  }
  for (const { category } of recorded) {
    outcome.recorded += 1;
    outcome.byCategory[category] = (outcome.byCategory[category] ?? 0) + 1;
  }
  if (outcome.recorded > 0) outcome.spike = await alertOnSpike(post, brand.brandId, settings, now);
  return outcome;
}

/**
 * Collects a post's feedback with its brand and publish records read fresh: what an early
 * feedback check calls (a metrics round passes those it read to {@link collectFeedback}).
 *
 * @example
 * ```ts
 * await collectPostFeedback(post);
 * ```
 */
export async function collectPostFeedback(post: FeedbackPost): Promise<FeedbackCollection> {
  const brand = await getBrand(post.brandId);
  if (!brand) return { recorded: 0, byCategory: {}, unreadable: [], spike: false };
  return collectFeedback(post, brand, await listPublishRecords(post.postId));
}
