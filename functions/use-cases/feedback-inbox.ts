import { type InboxQuery, inboxQuerySchema } from '../contract/feedback-inbox.js';
import { problem, schemaProblems } from '../contract/problems.js';
import { InvalidInputError } from '../domain/errors.js';
import type { FeedbackCategory } from '../domain/feedback.js';
import { feedbackSettingsOf } from '../domain/feedback.js';
import { businessCalendarOf, type SlaClock, slaClockOf } from '../domain/feedback-sla.js';
import type { TriageRule } from '../domain/feedback-triage.js';
import { BrandAction } from '../domain/permissions.js';
import { toUtc } from '../domain/time.js';
import { requirePermission } from '../identity/access.js';
import type { Caller } from '../identity/claims.js';
import { getBrand } from '../persistence/brands.js';
import { parseFeedbackId } from '../persistence/feedback.js';
import { feedbackTexts, pageFeedback } from '../persistence/feedback-inbox.js';

/** One item of the inbox: what to answer, where, and how long is left. Never the author. */
export interface InboxItem {
  feedbackId: string;
  postId: string;
  channel: string;
  createdAt: string;
  category: FeedbackCategory;
  rule: TriageRule;
  status: 'open' | 'closed';
  /** The response clock; absent for a category without a target. */
  sla?: SlaClock;
  escalatedAt?: string;
  firstResponseAt?: string;
  /** The text while the brand's retention keeps it. */
  text?: string;
}

/** One page of the inbox, and the cursor of the next one when there is more. */
export interface InboxPage {
  brandId: string;
  items: InboxItem[];
  nextCursor?: string;
}

const CURSOR_KEY = /^[0-9a-f]{24}$/;

/** The opaque cursor of the page after the record with this key. */
const cursorOf = (key: string) => Buffer.from(JSON.stringify({ after: key })).toString('base64url');

function keyOfCursor(cursor: string): string {
  try {
    const after = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown })
      .after;
    if (typeof after === 'string' && CURSOR_KEY.test(after)) return after;
  } catch {
    // Falls through to the refusal below: a cursor not made by this route.
  }
  throw new InvalidInputError([problem('cursor', 'format', "a cursor must be a previous page's nextCursor")]);
}

/** Items due soonest first; those without a target after them, newest first. */
function byUrgency(a: InboxItem, b: InboxItem): number {
  if (a.sla && b.sla) return a.sla.dueAt.localeCompare(b.sla.dueAt);
  if (a.sla || b.sla) return a.sla ? -1 : 1;
  return b.createdAt.localeCompare(a.createdAt);
}

/**
 * The brand's feedback inbox for a caller who handles feedback: open items (or closed ones,
 * `status=closed`) of a category, or only the overdue ones, each with its response clock in
 * the brand's business hours and its text while it is kept; one page at a time.
 *
 * @example
 * ```ts
 * const page = await feedbackInbox(caller, 'acme', { category: 'complaint', overdue: 'true' });
 * page.items[0].sla; // { dueAt: '2030-01-07T10:00:00Z', overdue: true, businessSecondsLeft: 0, overdueBusinessSeconds: 3600 }
 * ```
 */
export async function feedbackInbox(
  caller: Caller,
  brandId: string,
  rawQuery: Record<string, string>,
  now = Date.now(),
): Promise<InboxPage> {
  const parsed = inboxQuerySchema.safeParse(rawQuery);
  if (!parsed.success) throw new InvalidInputError(schemaProblems(parsed.error));
  const query: InboxQuery = parsed.data;
  const afterKey = query.cursor === undefined ? undefined : keyOfCursor(query.cursor);
  await requirePermission(caller, brandId, BrandAction.ReadFeedback);
  const brand = await getBrand(brandId);
  if (!brand)
    throw new InvalidInputError([problem('brandId', 'known-brand', `no brand has the id ${brandId}`)]);
  const calendar = businessCalendarOf(brand, feedbackSettingsOf(brand.feedback));
  const { records, lastKey } = await pageFeedback(
    brandId,
    {
      status: query.status,
      ...(query.category ? { category: query.category } : {}),
      ...(query.overdue ? { dueBefore: toUtc(now) } : {}),
    },
    query.limit,
    afterKey,
  );
  const recordKeys = records.map((r) => parseFeedbackId(r.feedbackId)?.key ?? r.feedbackId);
  const texts = await feedbackTexts(brandId, recordKeys, now);
  const items = records.map(
    (record): InboxItem => ({
      feedbackId: record.feedbackId,
      postId: record.postId,
      channel: record.channel,
      createdAt: record.createdAt,
      category: record.category,
      rule: record.rule,
      status: record.status,
      ...(record.dueAt ? { sla: slaClockOf(record.dueAt, now, calendar) } : {}),
      ...(record.escalatedAt ? { escalatedAt: record.escalatedAt } : {}),
      ...(record.firstResponseAt ? { firstResponseAt: record.firstResponseAt } : {}),
      ...(texts.has(record.feedbackId) ? { text: texts.get(record.feedbackId)?.text } : {}),
    }),
  );
  return {
    brandId,
    items: items.sort(byUrgency),
    ...(lastKey ? { nextCursor: cursorOf(lastKey) } : {}),
  };
}
