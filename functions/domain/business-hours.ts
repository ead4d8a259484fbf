import type { FeedbackSettings } from './feedback.js';
import { zonedParts, zonedTime } from './periods.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Far enough to cross a year of holidays; a calendar with no working day at all ends the search. */
const MAX_DAYS = 400;

/** When the brand works: its working hours and holidays, in its time zone. */
export interface BusinessCalendar {
  timeZone: string;
  workingHours: FeedbackSettings['workingHours'];
  holidays: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The working windows `[start, end)` (epoch ms) of the local days from the one holding
 * `fromMs` on, in order. Each window is computed from the wall clock of its own day, so a
 * DST change shortens or lengthens nothing but the night.
 */
function* workingWindows(fromMs: number, calendar: BusinessCalendar): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  const { days, start, end } = calendar.workingHours;
  const first = zonedParts(fromMs, calendar.timeZone);
  // Local dates counted in UTC arithmetic: no zone can make two of them the same day.
  let date = Date.UTC(first.year, first.month - 1, first.day);
  for (let n = 0; n < MAX_DAYS; n += 1, date += DAY_MS) {
    const d = new Date(date);
    const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    const weekday = ((d.getUTCDay() + 6) % 7) + 1;
    if (!days.includes(weekday) || holidays.has(`${year}-${pad(month)}-${pad(day)}`)) continue;
    const opens = zonedTime(year, month, day, start, calendar.timeZone);
    // Hour 24 is the next local midnight, however long the day was.
    const closes = zonedTime(year, month, day, end, calendar.timeZone);
    if (closes > fromMs) yield [Math.max(opens, fromMs), closes];
  }
}

/**
 * The instant `hours` business hours after `fromMs`: the clock runs only inside working
 * hours, skips weekends and holidays, and counts wall-clock hours across DST changes.
 * Undefined when the calendar has no working time in the next 400 days.
 *
 * @example
 * ```ts
 * // Friday 17:00 in Paris, 4 business hours, 9-18 on weekdays: Monday 12:00.
 * addBusinessHours(Date.parse('2026-03-27T16:00:00Z'), 4, calendar); // Date.parse('2026-03-30T10:00:00Z')
 * ```
 */
export function addBusinessHours(
  fromMs: number,
  hours: number,
  calendar: BusinessCalendar,
): number | undefined {
  let left = hours * HOUR_MS;
  for (const [opens, closes] of workingWindows(fromMs, calendar)) {
    if (closes - opens >= left) return opens + left;
    left -= closes - opens;
  }
  return undefined;
}

/**
 * Business milliseconds between two instants: only the time inside working hours counts.
 *
 * @example
 * ```ts
 * businessMsBetween(Date.parse('2026-03-27T16:00:00Z'), Date.parse('2026-03-30T10:00:00Z'), calendar); // 4 hours
 * ```
 */
export function businessMsBetween(fromMs: number, toMs: number, calendar: BusinessCalendar): number {
  let total = 0;
  if (toMs <= fromMs) return 0;
  for (const [opens, closes] of workingWindows(fromMs, calendar)) {
    if (opens >= toMs) break;
    total += Math.min(closes, toMs) - opens;
  }
  return total;
}
