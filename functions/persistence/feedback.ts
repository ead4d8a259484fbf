import { createHash } from 'node:crypto';
import type { OutboundEntry } from '../aws/event-bus.js';
import { type FeedbackCategory, feedbackCategories } from '../domain/feedback.js';
import type { FeedbackSpikeFacts } from '../domain/feedback-report.js';
import type { TriageRule } from '../domain/feedback-triage.js';
import { keys, withoutKeys } from './keys.js';
import { outboxAttribute } from './outbox.js';
import { batchGetAll, queryAll, queryCalendarBetween, tableName, transactOnce } from './table.js';

/** Where a feedback item came from: collected from a platform, or sent by an integrator. */
export type FeedbackSource = 'platform' | 'integrator';

/**
 * A feedback record (pk `BRAND#<brandId>`, sk `FEEDBACK#<key>`): what is kept for reports.
 * Its text and author hash live beside it in a {@link FeedbackText}, deleted after the
 * brand's retention period.
 */
export interface FeedbackRecord {
  feedbackId: string;
  brandId: string;
  /** The post it answers; empty for an integrator's item about no post. */
  postId: string;
  channel: string;
  platformId: string;
  source: FeedbackSource;
  /** RFC 3339 UTC: when the person wrote it. */
  createdAt: string;
  collectedAt: string;
  category: FeedbackCategory;
  rule: TriageRule;
  status: 'open' | 'closed';
  /** RFC 3339 UTC: when a first response is due (business hours); absent without an SLA. */
  dueAt?: string;
  /** RFC 3339 UTC: when the brand's first reply was published on the platform. */
  firstResponseAt?: string;
  /** Seconds from `createdAt` to `firstResponseAt`: the measured first-response time. */
  responseSeconds?: number;
  /** RFC 3339 UTC: when `Feedback Escalated` was sent because `dueAt` passed unanswered. */
  escalatedAt?: string;
  /** RFC 3339 UTC: when `Feedback Response Due` was sent (three quarters of the target elapsed). */
  reminderSentAt?: string;
  /** The brand's last moderation of the item: `hide` on the platform, or `spam` (closed). */
  moderation?: { action: 'hide' | 'spam'; by: string; at: string };
}

/** The personal part of a feedback record (sk `FEEDBACKTEXT#<key>`), with a DynamoDB TTL. */
export interface FeedbackText {
  feedbackId: string;
  text: string;
  authorHash?: string;
  /** Epoch seconds: DynamoDB deletes the item after this. */
  expiresAt: number;
}

/**
 * The feedback id of a platform's item for a brand: the same whenever it is collected again,
 * so it is recorded once. The brand is readable from it (`<brandId>.<hash>`).
 *
 * @example
 * ```ts
 * feedbackIdOf('acme', 'mastodon', '109876'); // 'acme.3f1c…' (24 hex characters after the dot)
 * ```
 */
export function feedbackIdOf(brandId: string, channel: string, platformId: string): string {
  const hash = createHash('sha256').update(`${channel}\n${platformId}`).digest('hex').slice(0, 24);
  return `${brandId}.${hash}`;
}

/**
 * The brand and key of a feedback id, or undefined when it is not one.
 *
 * @example
 * ```ts
 * parseFeedbackId('acme.0123456789abcdef01234567'); // { brandId: 'acme', key: '0123456789abcdef01234567' }
 * ```
 */
export function parseFeedbackId(feedbackId: string): { brandId: string; key: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})\.([0-9a-f]{24})$/.exec(feedbackId);
  return match?.[1] && match[2] ? { brandId: match[1], key: match[2] } : undefined;
}

const hourOf = (iso: string) => iso.slice(0, 13);

/** An instant as the index sorts it: RFC 3339 UTC with milliseconds, whatever the source wrote. */
const sortableTime = (iso: string) => new Date(Date.parse(iso)).toISOString();

/** One new feedback item to store: its record, its text and the events that tell it. */
export interface NewFeedback {
  record: FeedbackRecord;
  text: FeedbackText;
  events?: readonly OutboundEntry[];
}

/**
 * Items stored per transaction: two writes each (record, text) and at most one count update
 * per hour and per post each (fewer when they share them, as one round's items do) stay under
 * the 100 writes a TransactWriteItems takes, and texts at the platforms' longest under its 4 MB.
 */
export const FEEDBACK_PER_TRANSACTION = 24;

/**
 * Stores a feedback record (indexed by the time it was written), its text, its hour's count
 * and its post's count per category in one transaction, with the events that tell it in the
 * record's outbox: once per feedback id. Returns false when it was already there (collected
 * again, or the same integrator event delivered twice): then no count moves either.
 *
 * @example
 * ```ts
 * const isNew = await putFeedback(record, { feedbackId, text, expiresAt }, [{ type: OutboundEvent.FeedbackRecorded, detail }]);
 * ```
 */
export async function putFeedback(
  record: FeedbackRecord,
  text: FeedbackText,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  return (await putFeedbackBatch([{ record, text, events }])).has(record.feedbackId);
}

/**
 * Stores new feedback items as {@link putFeedback} does, up to
 * {@link FEEDBACK_PER_TRANSACTION} in one transaction whose counts are one update per hour and
 * per post for all of them: what a collection round found on a post costs one transaction,
 * not one per item. When any of them was there already, nothing of that transaction is
 * written and each is stored on its own, so every item is counted once. Returns the ids it
 * stored.
 *
 * @example
 * ```ts
 * const stored = await putFeedbackBatch([{ record, text, events }, { record: other, text: otherText }]);
 * ```
 */
export async function putFeedbackBatch(items: readonly NewFeedback[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < items.length; start += FEEDBACK_PER_TRANSACTION) {
    const chunk = items.slice(start, start + FEEDBACK_PER_TRANSACTION);
    const written = (await transactOnce(feedbackWrites(chunk))) ? chunk : [];
    if (written.length === 0 && chunk.length > 1) {
      for (const item of chunk) if (await transactOnce(feedbackWrites([item]))) written.push(item);
    }
    for (const { record } of written) stored.add(record.feedbackId);
  }
  return stored;
}

/** The writes of one transaction: each item's record and text, then the counts they add, summed per item counted. */
function feedbackWrites(items: readonly NewFeedback[]) {
  const hours = new Map<string, { brandId: string; hour: string; total: number; urgent: number }>();
  const posts = new Map<string, Map<FeedbackCategory, number>>();
  const writes = items.flatMap(({ record, text, events }) => {
    const key = parseFeedbackId(record.feedbackId)?.key ?? record.feedbackId;
    const hour = hourOf(record.collectedAt);
    const counted = hours.get(`${record.brandId}\n${hour}`) ?? {
      brandId: record.brandId,
      hour,
      total: 0,
      urgent: 0,
    };
    counted.total += 1;
    counted.urgent += record.category === 'complaint' || record.category === 'crisis_risk' ? 1 : 0;
    hours.set(`${record.brandId}\n${hour}`, counted);
    // An integrator's item about no post counts for the brand only.
    if (record.postId) {
      const byCategory = posts.get(record.postId) ?? new Map<FeedbackCategory, number>();
      byCategory.set(record.category, (byCategory.get(record.category) ?? 0) + 1);
      posts.set(record.postId, byCategory);
    }
    return [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.feedback(record.brandId, key),
            ...keys.feedbackWritten(record.brandId, sortableTime(record.createdAt), key),
            ...record,
            ...outboxAttribute(events),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: tableName(), Item: { ...keys.feedbackText(record.brandId, key), ...text } } },
    ];
  });
  const hourWrites = [...hours.values()].map(({ brandId, hour, total, urgent }) => ({
    Update: {
      TableName: tableName(),
      Key: keys.feedbackHour(brandId, hour),
      UpdateExpression: 'ADD #total :total, #urgent :urgent',
      ExpressionAttributeNames: { '#total': 'total', '#urgent': 'urgent' },
      ExpressionAttributeValues: { ':total': total, ':urgent': urgent },
    },
  }));
  const postWrites = [...posts].map(([postId, byCategory]) => {
    const counts = [...byCategory];
    return {
      Update: {
        TableName: tableName(),
        Key: keys.postFeedbackCounts(postId),
        UpdateExpression: `ADD ${counts.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(counts.map(([category], i) => [`#c${i}`, category])),
        ExpressionAttributeValues: Object.fromEntries(counts.map(([, n], i) => [`:c${i}`, n])),
      },
    };
  });
  return [...writes, ...hourWrites, ...postWrites];
}

/**
 * Which of a brand's feedback ids are recorded already: one BatchGetItem (eventually
 * consistent) instead of a refused write per item a later round reads again. An id recorded
 * a moment ago may be missed; its write is then refused as before.
 *
 * @example
 * ```ts
 * const known = await recordedFeedbackIds('acme', [feedbackIdOf('acme', 'x', '1')]);
 * ```
 */
export async function recordedFeedbackIds(
  brandId: string,
  feedbackIds: readonly string[],
): Promise<Set<string>> {
  const wanted = feedbackIds.flatMap((id) => {
    const key = parseFeedbackId(id)?.key;
    return key ? [keys.feedback(brandId, key)] : [];
  });
  const items = wanted.length > 0 ? await batchGetAll(wanted) : [];
  return new Set(items.map((item) => String(item.feedbackId)));
}

/**
 * A brand's feedback records written in `[start, end)` (epoch ms), oldest first: one Query of
 * the `calendar` index, so a report reads its period, not the brand's whole history.
 *
 * @example
 * ```ts
 * const november = await listFeedbackWritten('acme', Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'));
 * ```
 */
export async function listFeedbackWritten(
  brandId: string,
  start: number,
  end: number,
): Promise<FeedbackRecord[]> {
  // A record written exactly at `end` is left out.
  const items = await queryCalendarBetween(
    keys.feedbackWritten(brandId, '', '').calendarPk,
    new Date(start).toISOString(),
    new Date(end).toISOString(),
  );
  return items.map((item) => withoutKeys<FeedbackRecord>(item));
}

/**
 * The spike alerts a brand raised for the hours from `fromHour` to `toHour` inclusive
 * (`2030-01-01T09`), with the figures each alert carried.
 *
 * @example
 * ```ts
 * const spikes = await listFeedbackSpikes('acme', '2026-11-01T00', '2026-11-30T23');
 * ```
 */
export async function listFeedbackSpikes(
  brandId: string,
  fromHour: string,
  toHour: string,
): Promise<FeedbackSpikeFacts[]> {
  const items = await brandHoursBetween(brandId, keys.feedbackSpike, fromHour, toHour);
  return items.map((item) => ({
    hour: `${String(item.sk).slice(keys.feedbackSpikePrefix.length)}:00:00Z`,
    urgentInHour: Number(item.urgentInHour ?? 0),
    baselinePerHour: Number(item.baselinePerHour ?? 0),
  }));
}

/**
 * A post's feedback counted per category from the item {@link putFeedback} keeps current
 * (read back with the post: functions/persistence/post-items.ts).
 *
 * @example
 * ```ts
 * feedbackCountsOf({ pk: 'POST#p1', sk: 'POST#FEEDBACK', complaint: 2 }); // { complaint: 2 }
 * ```
 */
export function feedbackCountsOf(
  item: Record<string, unknown> | undefined,
): Partial<Record<FeedbackCategory, number>> {
  const counts: Partial<Record<FeedbackCategory, number>> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if ((feedbackCategories as readonly string[]).includes(name) && typeof value === 'number') {
      counts[name as FeedbackCategory] = value;
    }
  }
  return counts;
}

/**
 * A brand's feedback records, oldest collected first by key order (a hash: callers sort).
 *
 * @example
 * ```ts
 * const open = (await listFeedback('acme')).filter((r) => r.status === 'open');
 * ```
 */
export async function listFeedback(brandId: string): Promise<FeedbackRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `BRAND#${brandId}`, ':prefix': keys.feedbackPrefix },
  });
  return items.map((item) => withoutKeys<FeedbackRecord>(item));
}

/** A brand's items of one kind keyed by hour (counts, alerts), from `fromHour` to `toHour` inclusive. */
const brandHoursBetween = (
  brandId: string,
  keyOf: (brandId: string, hour: string) => { sk: string },
  fromHour: string,
  toHour: string,
) =>
  queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': `BRAND#${brandId}`,
      ':from': keyOf(brandId, fromHour).sk,
      ':to': keyOf(brandId, toHour).sk,
    },
  });

/** Urgent (complaint and crisis-risk) and total feedback counted per hour (`2030-01-01T09`). */
export interface FeedbackHour {
  hour: string;
  total: number;
  urgent: number;
}

/**
 * The brand's hourly feedback counts from `fromHour` to `toHour` inclusive (hours with none are absent).
 *
 * @example
 * ```ts
 * const week = await listFeedbackHours('acme', '2030-01-01T00', '2030-01-07T23');
 * ```
 */
export async function listFeedbackHours(
  brandId: string,
  fromHour: string,
  toHour: string,
): Promise<FeedbackHour[]> {
  const items = await brandHoursBetween(brandId, keys.feedbackHour, fromHour, toHour);
  return items.map((item) => ({
    hour: String(item.sk).slice(keys.feedbackHourPrefix.length),
    total: Number(item.total ?? 0),
    urgent: Number(item.urgent ?? 0),
  }));
}
