import { detailOf, type OutboundEntry } from '../aws/event-bus.js';
import type { FeedbackCheckInput } from '../contract/feedback-sla.js';
import type { BusinessCalendar } from '../domain/business-hours.js';
import { OutboundEvent } from '../domain/events.js';
import { feedbackSettingsOf } from '../domain/feedback.js';
import { businessCalendarOf, reminderAtOf, slaClockOf } from '../domain/feedback-sla.js';
import { toUtc } from '../domain/time.js';
import { getBrand } from '../persistence/brands.js';
import { type FeedbackRecord, parseFeedbackId } from '../persistence/feedback.js';
import { emitSlaEvent, getFeedback, setSlaMarker } from '../persistence/feedback-sla.js';

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
 * item, never for an item closed before its check: the record's marker is set by a
 * conditional write on the open record, then the event is written to an outbox item named
 * after the record and the check. A repeat that finds the marker writes that event again
 * (refused when it is there), so an attempt that stopped between the two writes loses
 * nothing. A check that comes early does nothing.
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
  const marker = check === 'reminder' ? 'reminderSentAt' : 'escalatedAt';
  const calendar = businessCalendarOf(brand, feedbackSettingsOf(brand.feedback));
  const markedAt = record[marker];
  if (markedAt) {
    await emitSlaEvent(id.brandId, id.key, marker, slaEventOf(check, record, Date.parse(markedAt), calendar));
    return 'already-sent';
  }
  if (record.status !== 'open') return 'closed';
  if (!record.dueAt) return 'no-target';
  const dueAt = Date.parse(record.dueAt);
  const at = check === 'reminder' ? reminderAtOf(Date.parse(record.createdAt), dueAt, calendar) : dueAt;
  if (now < at) return 'not-yet';
  if (check === 'reminder' && now >= dueAt) return 'past-due';
  // The marker's time is the event's: a repeat that writes the event again writes the same one.
  const markedNow = toUtc(now);
  if (!(await setSlaMarker(id.brandId, id.key, marker, markedNow))) return 'already-sent';
  await emitSlaEvent(id.brandId, id.key, marker, slaEventOf(check, record, Date.parse(markedNow), calendar));
  return 'sent';
}

/** The event of one check of an item, as of the time its marker was set. */
function slaEventOf(
  check: SlaCheck,
  record: FeedbackRecord,
  markedAt: number,
  calendar: BusinessCalendar,
): OutboundEntry {
  const about = { postId: record.postId, revision: 0, brandId: record.brandId };
  const dueAt = record.dueAt ?? toUtc(markedAt);
  const common = { feedbackId: record.feedbackId, channel: record.channel, category: record.category, dueAt };
  return check === 'reminder'
    ? {
        type: OutboundEvent.FeedbackResponseDue,
        detail: detailOf(about, {
          ...common,
          businessSecondsLeft: slaClockOf(dueAt, markedAt, calendar).businessSecondsLeft,
        }),
      }
    : {
        type: OutboundEvent.FeedbackEscalated,
        detail: detailOf(about, { ...common, escalatedAt: toUtc(markedAt) }),
      };
}
