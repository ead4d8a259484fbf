import { createHash } from 'node:crypto';
import { createFeedbackCheckSchedule } from '../aws/scheduler.js';
import type { FeedbackCheckInput } from '../contract/feedback-sla.js';
import type { BusinessCalendar } from '../domain/business-hours.js';
import { reminderAtOf } from '../domain/feedback-sla.js';
import { scheduleExpressionAt } from '../domain/metrics-schedule.js';
import { toUtc } from '../domain/time.js';
import type { FeedbackRecord } from '../persistence/feedback.js';

/*
 * Scheduling the SLA checks of a new feedback item, apart from the checks themselves
 * (functions/use-cases/feedback-sla.ts): the functions that record feedback schedule them,
 * only CheckFeedbackSla runs them.
 */

type SlaCheck = FeedbackCheckInput['check'];

/**
 * Creates the two one-time schedules that run an open item's checks: the reminder at three
 * quarters of its target, the escalation at `dueAt` (a time already past fires a minute from
 * now). Named after the item and the check, so a repeat creates nothing. Nothing for an item
 * without a target.
 *
 * @example
 * ```ts
 * await scheduleFeedbackChecks(record, businessCalendarOf(brand, settings));
 * ```
 */
export async function scheduleFeedbackChecks(
  record: Pick<FeedbackRecord, 'feedbackId' | 'createdAt' | 'dueAt'>,
  calendar: BusinessCalendar,
  now = Date.now(),
): Promise<void> {
  if (!record.dueAt) return;
  const dueAt = Date.parse(record.dueAt);
  const points: Record<SlaCheck, number> = {
    // `at()` takes whole seconds: rounded up, so the check never comes before its point.
    reminder: Math.ceil(reminderAtOf(Date.parse(record.createdAt), dueAt, calendar) / 1000) * 1000,
    escalation: dueAt,
  };
  // Scheduler names are at most 64 characters: the item's id is hashed.
  const item = createHash('sha256').update(record.feedbackId).digest('hex').slice(0, 32);
  for (const check of ['reminder', 'escalation'] as const) {
    await createFeedbackCheckSchedule(
      `feedback-${item}-${check}`,
      scheduleExpressionAt(toUtc(points[check]), now),
      { feedbackId: record.feedbackId, check },
    );
  }
}
