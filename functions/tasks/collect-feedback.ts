import { isLocalProfile } from '../aws/env.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import { detailOf } from '../aws/event-bus.js';
import { ChannelFailure, type PublishedPost } from '../channels/channel-adapter.js';
import type { AdapterDeps } from '../channels/kit.js';
import { adapterFor } from '../channels/registry.js';
import type { BrandProfile } from '../domain/brand.js';
import { addBusinessHours } from '../domain/business-hours.js';
import { OutboundEvent } from '../domain/events.js';
import {
  authorHash,
  type CollectedFeedback,
  type FeedbackSettings,
  feedbackSettingsOf,
  isFeedbackSpike,
  retentionExpiry,
} from '../domain/feedback.js';
import { classifyFeedback } from '../domain/feedback-triage.js';
import { toUtc } from '../domain/time.js';
import { getBrand } from '../persistence/brands.js';
import {
  type FeedbackRecord,
  type FeedbackSource,
  feedbackIdOf,
  listFeedbackHours,
  putFeedback,
} from '../persistence/feedback.js';
import { keys } from '../persistence/keys.js';
import { outboxAttribute } from '../persistence/outbox.js';
import { listPublishRecords, type PublishRecord } from '../persistence/publish-records.js';
import { putIfAbsent } from '../persistence/table.js';

const HOUR_MS = 3_600_000;
/** The spike alert compares the last hour with the hourly average of the week before it. */
const BASELINE_HOURS = 7 * 24;

/** The post a feedback item answers: its id, revision and brand. */
export interface FeedbackPost {
  postId: string;
  revision: number;
  brandId: string;
}

/** What one collection did, per channel: how many items were new, and which channels could not be read. */
export interface FeedbackCollection {
  recorded: number;
  unreadable: string[];
  spike: boolean;
}

/**
 * The key authors are hashed with: `FEEDBACK_AUTHOR_KEY`, set from a secret of the deployment;
 * the local profile has a fixed local key. Without a key no author is kept at all, rather
 * than a hash anyone could recompute.
 */
export function feedbackAuthorKey(): string | undefined {
  return process.env.FEEDBACK_AUTHOR_KEY ?? (isLocalProfile() ? 'brandflow-local-feedback-key' : undefined);
}

/**
 * Records one feedback item: triaged with the brand's lists, its response due in business
 * hours, its author hashed, its text kept for the brand's retention, once per platform id.
 * Returns false when it was recorded before.
 *
 * @example
 * ```ts
 * await recordFeedback(post, brand, 'mastodon', { platformId: '1', createdAt, text: 'Refund?' }, 'platform');
 * ```
 */
export async function recordFeedback(
  post: FeedbackPost,
  brand: BrandProfile,
  channel: string,
  item: CollectedFeedback,
  source: FeedbackSource,
  now = Date.now(),
): Promise<boolean> {
  const settings = feedbackSettingsOf(brand.feedback);
  const triage = classifyFeedback(item.text, settings);
  const feedbackId = feedbackIdOf(brand.brandId, channel, item.platformId);
  const key = feedbackAuthorKey();
  const slaHours = settings.slaHours[triage.category];
  const due =
    slaHours === undefined
      ? undefined
      : addBusinessHours(Date.parse(item.createdAt), slaHours, {
          timeZone: brand.timeZone,
          workingHours: settings.workingHours,
          holidays: settings.holidays,
        });
  const record: FeedbackRecord = {
    feedbackId,
    brandId: brand.brandId,
    postId: post.postId,
    channel,
    platformId: item.platformId,
    source,
    createdAt: item.createdAt,
    collectedAt: new Date(now).toISOString(),
    category: triage.category,
    rule: triage.rule,
    status: 'open',
    ...(due === undefined ? {} : { dueAt: toUtc(due) }),
  };
  const event: OutboundEntry = {
    type: OutboundEvent.FeedbackRecorded,
    detail: detailOf(post, {
      feedbackId,
      channel,
      source,
      category: triage.category,
      rule: triage.rule,
      dueAt: record.dueAt,
    }),
  };
  return putFeedback(
    record,
    {
      feedbackId,
      text: item.text,
      ...(item.author && key ? { authorHash: authorHash(key, channel, item.author) } : {}),
      expiresAt: retentionExpiry(now, settings.retentionDays),
    },
    [event],
  );
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
  const outcome: FeedbackCollection = { recorded: 0, unreadable: [], spike: false };
  if (!settings.collect) return outcome;
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
      items = (await adapterFor(channel, post, options.deps).fetchFeedback?.(published)) ?? [];
    } catch (error) {
      if (!(error instanceof ChannelFailure)) throw error;
      outcome.unreadable.push(record.channel);
      continue;
    }
    for (const item of items) {
      if (await recordFeedback(post, brand, record.channel, item, 'platform', now)) outcome.recorded += 1;
    }
  }
  if (outcome.recorded > 0) outcome.spike = await alertOnSpike(post, brand.brandId, settings, now);
  return outcome;
}

/**
 * Collects a post's feedback with its brand and publish records read fresh: what a metrics
 * round or an early feedback check calls.
 *
 * @example
 * ```ts
 * await collectPostFeedback(post);
 * ```
 */
export async function collectPostFeedback(post: FeedbackPost): Promise<FeedbackCollection> {
  const brand = await getBrand(post.brandId);
  if (!brand) return { recorded: 0, unreadable: [], spike: false };
  return collectFeedback(post, brand, await listPublishRecords(post.postId));
}

/**
 * Emits `Feedback Spike Detected` once for the hour when its urgent items are a spike against
 * the week before. Returns whether the hour is a spike.
 */
export async function alertOnSpike(
  post: FeedbackPost,
  brandId: string,
  settings: FeedbackSettings,
  now = Date.now(),
): Promise<boolean> {
  const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13);
  const hours = await listFeedbackHours(brandId, hour(now - BASELINE_HOURS * HOUR_MS), hour(now));
  const current = hours.find((h) => h.hour === hour(now))?.urgent ?? 0;
  const before = hours.filter((h) => h.hour !== hour(now)).reduce((sum, h) => sum + h.urgent, 0);
  const baselinePerHour = before / BASELINE_HOURS;
  if (!isFeedbackSpike(current, baselinePerHour, settings.spike)) return false;
  await putIfAbsent({
    ...keys.feedbackSpike(brandId, hour(now)),
    ...outboxAttribute([
      {
        type: OutboundEvent.FeedbackSpikeDetected,
        detail: detailOf(post, {
          hour: `${hour(now)}:00:00Z`,
          urgentInHour: current,
          baselinePerHour: Math.round(baselinePerHour * 100) / 100,
          factor: settings.spike.factor,
        }),
      },
    ]),
  });
  return true;
}
