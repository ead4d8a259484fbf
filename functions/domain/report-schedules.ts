import { createHash } from 'node:crypto';
import { periodAt } from './periods.js';

/**
 * The scheduled analysis reports: every brand gets a weekly and a monthly one, fired by
 * EventBridge Scheduler in the brand's own time zone and covering the period that just ended.
 */

/** How often a scheduled report is made: an ISO week or a calendar month. */
export const reportCadences = ['week', 'month'] as const;
export type ReportCadence = (typeof reportCadences)[number];

/**
 * When each cadence fires, in Scheduler's cron syntax (minutes, hours, day of month, month,
 * day of week, year), read in the brand's time zone: Monday 06:00 for the week before, the
 * 1st at 06:00 for the month before. Six in the morning is after the night's last metric
 * rounds and before anyone reads the report.
 */
export const reportScheduleExpressions: Record<ReportCadence, string> = {
  week: 'cron(0 6 ? * MON *)',
  month: 'cron(0 6 1 * ? *)',
};

/** The source GenerateReport sees on a scheduled firing (AWS reserves `aws.` sources for itself). */
export const SCHEDULER_SOURCE = 'aws.scheduler';

/** Scheduler names are at most 64 characters of `0-9a-zA-Z-_.`. */
const MAX_NAME = 64;

/**
 * The schedule's name in the reports group: the brand id and the cadence, or for a brand id
 * too long to fit, its first characters and a digest so two brands never share a schedule.
 *
 * @example
 * ```ts
 * reportScheduleName('acme', 'week'); // 'acme.week'
 * ```
 */
export function reportScheduleName(brandId: string, cadence: ReportCadence): string {
  const plain = `${brandId}.${cadence}`;
  if (plain.length <= MAX_NAME) return plain;
  const digest = createHash('sha256').update(brandId).digest('hex').slice(0, 12);
  const suffix = `.${digest}.${cadence}`;
  return `${brandId.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

/**
 * The period a scheduled report fired at `scheduledAt` covers: the last whole week or month
 * before it, in the brand's time zone. The firing's own scheduled time is used, not the clock,
 * so a late or retried delivery still reports on the same period.
 *
 * @example
 * ```ts
 * scheduledReportPeriod(Date.parse('2026-11-30T05:00:00Z'), 'week', 'Europe/Paris'); // '2026-W48'
 * scheduledReportPeriod(Date.parse('2026-12-01T05:00:00Z'), 'month', 'Europe/Paris'); // '2026-11'
 * ```
 */
export function scheduledReportPeriod(scheduledAt: number, cadence: ReportCadence, timeZone: string): string {
  const current = periodAt(scheduledAt, cadence, timeZone);
  return periodAt(current.start - 1, cadence, timeZone).label;
}
