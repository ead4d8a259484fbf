import type { BrandProfile } from './brand.js';
import { addBusinessHours, type BusinessCalendar, businessMsBetween } from './business-hours.js';
import type { FeedbackSettings } from './feedback.js';

/*
 * The response clock of an open feedback item, in the brand's business time: how much is left
 * before `dueAt`, or how long it has been overdue, and when the reminder falls. Plain rules: no AWS.
 */

/**
 * The share of the business-hours target after which `Feedback Response Due` reminds: three
 * quarters, so a 4-hour complaint target reminds with one business hour left to answer.
 */
export const REMINDER_SHARE = 0.75;
const HOUR_MS = 3_600_000;

/**
 * The brand's business calendar: its time zone and the working hours and holidays of its feedback settings.
 *
 * @example
 * ```ts
 * businessCalendarOf(brand, feedbackSettingsOf(brand.feedback)).timeZone; // 'Europe/Paris'
 * ```
 */
export function businessCalendarOf(
  brand: Pick<BrandProfile, 'timeZone'>,
  settings: Pick<FeedbackSettings, 'workingHours' | 'holidays'>,
): BusinessCalendar {
  return { timeZone: brand.timeZone, workingHours: settings.workingHours, holidays: settings.holidays };
}

/** Where an open item stands against its response target. */
export interface SlaClock {
  dueAt: string;
  overdue: boolean;
  /** Business seconds left before `dueAt` (0 once overdue). */
  businessSecondsLeft: number;
  /** Business seconds since `dueAt` passed (0 while not overdue). */
  overdueBusinessSeconds: number;
}

/**
 * The SLA clock of an item due at `dueAt`, read at `now`: time is counted only inside the
 * brand's working hours, so a complaint due Monday 10:00 read on Friday evening has the
 * business time left, not the weekend.
 *
 * @example
 * ```ts
 * slaClockOf('2026-03-30T10:00:00Z', Date.parse('2026-03-27T16:00:00Z'), paris).businessSecondsLeft; // 14400
 * ```
 */
export function slaClockOf(dueAt: string, now: number, calendar: BusinessCalendar): SlaClock {
  const due = Date.parse(dueAt);
  const overdue = now >= due;
  return {
    dueAt,
    overdue,
    businessSecondsLeft: overdue ? 0 : Math.round(businessMsBetween(now, due, calendar) / 1000),
    overdueBusinessSeconds: overdue ? Math.round(businessMsBetween(due, now, calendar) / 1000) : 0,
  };
}

/**
 * When `Feedback Response Due` is sent for an item written at `createdAtMs` and due at
 * `dueAtMs`: once {@link REMINDER_SHARE} of the business time between them has elapsed. Read
 * from the record's own times, so a later change of the brand's targets moves nothing already due.
 *
 * @example
 * ```ts
 * // Written Friday 17:00 in Paris, due Monday 12:00 (4 business hours): reminded Monday 11:00.
 * reminderAtOf(Date.parse('2026-03-27T16:00:00Z'), Date.parse('2026-03-30T10:00:00Z'), paris); // Date.parse('2026-03-30T09:00:00Z')
 * ```
 */
export function reminderAtOf(createdAtMs: number, dueAtMs: number, calendar: BusinessCalendar): number {
  const target = businessMsBetween(createdAtMs, dueAtMs, calendar);
  return addBusinessHours(createdAtMs, (target * REMINDER_SHARE) / HOUR_MS, calendar) ?? dueAtMs;
}
