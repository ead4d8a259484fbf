import type { BusinessCalendar } from '../../functions/domain/business-hours.js';

/**
 * A Paris office open 9:00-18:00 on weekdays, without holidays: the calendar the business-hours
 * and SLA tests count in.
 *
 * @example
 * ```ts
 * addBusinessHours(Date.parse('2026-03-27T16:00:00Z'), 4, paris); // Monday 12:00 in Paris
 * ```
 */
export const paris: BusinessCalendar = {
  timeZone: 'Europe/Paris',
  workingHours: { days: [1, 2, 3, 4, 5], start: 9, end: 18 },
  holidays: [],
};
