import { detailOf, type OutboundEntry } from '../aws/event-bus.js';
import { feedbackAuthorKey } from '../aws/feedback-author-key.js';
import type { BrandProfile } from '../domain/brand.js';
import { addBusinessHours } from '../domain/business-hours.js';
import { OutboundEvent } from '../domain/events.js';
import {
  authorHash,
  type CollectedFeedback,
  type FeedbackCategory,
  type FeedbackSettings,
  feedbackSettingsOf,
  isFeedbackSpike,
  retentionExpiry,
} from '../domain/feedback.js';
import { businessCalendarOf } from '../domain/feedback-sla.js';
import { classifyFeedback } from '../domain/feedback-triage.js';
import { toUtc } from '../domain/time.js';
import {
  type FeedbackRecord,
  type FeedbackSource,
  feedbackIdOf,
  listFeedbackHours,
  type NewFeedback,
  putFeedbackBatch,
} from '../persistence/feedback.js';
import { keys } from '../persistence/keys.js';
import { outboxAttribute } from '../persistence/outbox.js';
import { putIfAbsent } from '../persistence/table.js';
import { scheduleFeedbackChecks } from './schedule-feedback-checks.js';

/*
 * Recording one feedback item, whoever found it (a metrics round, an integrator's event):
 * no channel adapter here, so the inbound handler needs no channel credentials.
 */

const HOUR_MS = 3_600_000;
/** The spike alert compares the last hour with the hourly average of the week before it. */
const BASELINE_HOURS = 7 * 24;

/** The post a feedback item answers: its id, revision and brand. */
export interface FeedbackPost {
  postId: string;
  revision: number;
  brandId: string;
}

/** One item found on one channel, to record. */
export interface FoundFeedback {
  channel: string;
  item: CollectedFeedback;
}

/**
 * Records one feedback item: triaged with the brand's lists, its response due in business
 * hours, its author hashed, its text kept for the brand's retention, once per platform id.
 * Returns its category when it is new, undefined when it was recorded before. Throws
 * FeedbackAuthorKeyError, recording nothing, when the stack's author key cannot be read.
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
): Promise<FeedbackCategory | undefined> {
  const [recorded] = await recordFeedbackBatch(post, brand, [{ channel, item }], source, now);
  return recorded?.category;
}

/**
 * Records the items one collection found under a post as {@link recordFeedback} does, in as
 * few transactions as the table allows (functions/persistence/feedback.ts): returns the
 * records that are new, with their categories. Throws FeedbackAuthorKeyError, recording
 * nothing, when the stack's author key cannot be read.
 *
 * @example
 * ```ts
 * const recorded = await recordFeedbackBatch(post, brand, [{ channel: 'mastodon', item }], 'platform');
 * ```
 */
export async function recordFeedbackBatch(
  post: FeedbackPost,
  brand: BrandProfile,
  found: readonly FoundFeedback[],
  source: FeedbackSource,
  now = Date.now(),
): Promise<FeedbackRecord[]> {
  if (found.length === 0) return [];
  const settings = feedbackSettingsOf(brand.feedback);
  const calendar = businessCalendarOf(brand, settings);
  // Read even for items without an author: a stack whose key is missing records nothing.
  const key = await feedbackAuthorKey();
  const byId = new Map<string, NewFeedback>();
  // A platform that lists an item twice still gives one record (a transaction writes an item once).
  for (const { channel, item } of found) {
    const fresh = newFeedback(post, brand, channel, item, source, now, key);
    if (!byId.has(fresh.record.feedbackId)) byId.set(fresh.record.feedbackId, fresh);
  }
  const items = [...byId.values()];
  const stored = await putFeedbackBatch(items);
  const recorded = items.map(({ record }) => record).filter((record) => stored.has(record.feedbackId));
  // After the write: a repeat of a recorded item schedules nothing again.
  for (const record of recorded) await scheduleFeedbackChecks(record, calendar, now);
  return recorded;
}

/** One item's record, text and `Feedback Recorded`, as it will be stored. */
function newFeedback(
  post: FeedbackPost,
  brand: BrandProfile,
  channel: string,
  item: CollectedFeedback,
  source: FeedbackSource,
  now: number,
  authorKey: string,
): NewFeedback {
  const settings = feedbackSettingsOf(brand.feedback);
  const triage = classifyFeedback(item.text, settings);
  const feedbackId = feedbackIdOf(brand.brandId, channel, item.platformId);
  const slaHours = settings.slaHours[triage.category];
  const due =
    slaHours === undefined
      ? undefined
      : addBusinessHours(Date.parse(item.createdAt), slaHours, businessCalendarOf(brand, settings));
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
  return {
    record,
    text: {
      feedbackId,
      text: item.text,
      ...(item.author ? { authorHash: authorHash(authorKey, channel, item.author) } : {}),
      expiresAt: retentionExpiry(now, settings.retentionDays),
    },
    events: [event],
  };
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
  const figures = { urgentInHour: current, baselinePerHour: Math.round(baselinePerHour * 100) / 100 };
  await putIfAbsent({
    ...keys.feedbackSpike(brandId, hour(now)),
    // The figures stay on the item for the analysis reports; the event carries them too.
    ...figures,
    ...outboxAttribute([
      {
        type: OutboundEvent.FeedbackSpikeDetected,
        detail: detailOf(post, {
          hour: `${hour(now)}:00:00Z`,
          ...figures,
          factor: settings.spike.factor,
        }),
      },
    ]),
  });
  return true;
}
