import { detailOf, type OutboundEntry } from '../aws/event-bus.js';
import type { FeedbackCheckInput } from '../contract/feedback-sla.js';
import { OutboundEvent } from '../domain/events.js';
import { feedbackSettingsOf } from '../domain/feedback.js';
import { businessCalendarOf, reminderAtOf, slaClockOf } from '../domain/feedback-sla.js';
import { toUtc } from '../domain/time.js';
import { getBrand } from '../persistence/brands.js';
import { parseFeedbackId } from '../persistence/feedback.js';
import { getFeedback, markSlaEvent } from '../persistence/feedback-sla.js';

/** The two SLA checks of an open item: the reminder before `dueAt`, the escalation at it. */
export type SlaCheck = FeedbackCheckInput['check'];

/** What a check did: sent its event, or why not. */
export type SlaCheckOutcome =
  | 'sent'
  | 'not-yet'
  | 'already-sent'
  | 'closed'
  | 'no-target'
  | 'past-due'
  | 'unknown';

/**
 * Runs one SLA check of a feedback item at `now`: `Feedback Response Due` once three quarters
 * of its business-hours target has elapsed (not once it is overdue: the escalation says that),
 * `Feedback Escalated` once `dueAt` has passed, setting `escalatedAt`. Each at most once per
 * item, never for a closed one, whatever the number of deliveries: the record's marker and the
 * event are written in one conditional transaction. A check that comes early does nothing.
 *
 * @example
 * ```ts
 * await checkFeedbackSla('acme.0123456789abcdef01234567', 'escalation'); // 'sent'
 * ```
 */
export async function checkFeedbackSla(
  feedbackId: string,
  check: SlaCheck,
  now = Date.now(),
): Promise<SlaCheckOutcome> {
  const id = parseFeedbackId(feedbackId);
  const record = id && (await getFeedback(id.brandId, id.key));
  const brand = record && (await getBrand(record.brandId));
  if (!id || !record || !brand) return 'unknown';
  if (record.status !== 'open') return 'closed';
  if (!record.dueAt) return 'no-target';
  const marker = check === 'reminder' ? 'reminderSentAt' : 'escalatedAt';
  if (record[marker]) return 'already-sent';
  const calendar = businessCalendarOf(brand, feedbackSettingsOf(brand.feedback));
  const dueAt = Date.parse(record.dueAt);
  const at = check === 'reminder' ? reminderAtOf(Date.parse(record.createdAt), dueAt, calendar) : dueAt;
  if (now < at) return 'not-yet';
  if (check === 'reminder' && now >= dueAt) return 'past-due';
  const about = { postId: record.postId, revision: 0, brandId: record.brandId };
  const common = { feedbackId, channel: record.channel, category: record.category, dueAt: record.dueAt };
  const event: OutboundEntry =
    check === 'reminder'
      ? {
          type: OutboundEvent.FeedbackResponseDue,
          detail: detailOf(about, {
            ...common,
            businessSecondsLeft: slaClockOf(record.dueAt, now, calendar).businessSecondsLeft,
          }),
        }
      : {
          type: OutboundEvent.FeedbackEscalated,
          detail: detailOf(about, { ...common, escalatedAt: toUtc(now) }),
        };
  const sent = await markSlaEvent(id.brandId, id.key, marker, toUtc(now), event);
  return sent ? 'sent' : 'already-sent';
}
