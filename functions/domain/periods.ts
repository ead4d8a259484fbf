/**
 * Calendar periods in a brand's time zone: days, ISO weeks, months and quarters, each with
 * the UTC instants it starts and ends at (a DST change makes a day 23 or 25 hours long).
 */

export const periodKinds = ['day', 'week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** A period of the brand's calendar: `[start, end)` in epoch milliseconds. */
export interface Period {
  kind: PeriodKind;
  /** `2026-11-30`, `2026-W48`, `2026-11` or `2026-Q4`. */
  label: string;
  timeZone: string;
  start: number;
  end: number;
}

/** Wall-clock fields of an instant in a time zone; `weekday` 1 = Monday ... 7 = Sunday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The wall-clock fields of `ms` in `timeZone`.
 *
 * @example
 * ```ts
 * zonedParts(Date.parse('2026-11-30T01:00:00Z'), 'Asia/Shanghai'); // { year: 2026, month: 11, day: 30, hour: 9, minute: 0, weekday: 1 }
 * ```
 */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The zone's offset from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time starts in a zone. A time skipped by a DST change resolves to
 * the instant after the gap; a repeated one to its later occurrence.
 *
 * @example
 * ```ts
 * zonedTime(2026, 3, 29, 12, 'Europe/Paris'); // Date.parse('2026-03-29T10:00:00Z')
 * ```
 */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** Midnight starting a local date. */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  return zonedTime(year, month, day, 0, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Monday (year, month, day) of ISO week `week` of ISO year `year`. */
function isoWeekMonday(year: number, week: number): { year: number; month: number; day: number } {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  const d = new Date(monday);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO year and week of a calendar date. */
function isoWeekOf(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000));
  return { year: isoYear, week };
}

function weeksIn(isoYear: number): number {
  return isoWeekOf(isoYear, 12, 28).week;
}

const patterns: Record<PeriodKind, RegExp> = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(\d{4})-Q([1-4])$/,
};

/**
 * The period a label names, in a zone, or the rule it breaks.
 *
 * @example
 * ```ts
 * parsePeriod('2026-W48', 'Europe/Paris'); // { kind: 'week', label: '2026-W48', start, end, timeZone }
 * parsePeriod('2026-13', 'UTC'); // { problem: 'month must be 01 to 12' }
 * ```
 */
export function parsePeriod(label: string, timeZone: string): Period | { problem: string } {
  for (const kind of periodKinds) {
    const match = patterns[kind].exec(label);
    if (!match) continue;
    const [year, second, third] = match.slice(1).map(Number) as [number, number, number | undefined];
    if (kind === 'week') {
      if (second < 1 || second > weeksIn(year))
        return { problem: `week must be 01 to ${weeksIn(year)} in ${year}` };
      const monday = isoWeekMonday(year, second);
      const start = zonedMidnight(monday.year, monday.month, monday.day, timeZone);
      const next = isoWeekMonday(year, second + 1);
      return { kind, label, timeZone, start, end: zonedMidnight(next.year, next.month, next.day, timeZone) };
    }
    if (kind !== 'quarter' && (second < 1 || second > 12)) return { problem: 'month must be 01 to 12' };
    if (kind === 'day') {
      const day = third ?? 0;
      const daysInMonth = new Date(Date.UTC(year, second, 0)).getUTCDate();
      if (day < 1 || day > daysInMonth) return { problem: `day must be 01 to ${daysInMonth}` };
      return {
        kind,
        label,
        timeZone,
        start: zonedMidnight(year, second, day, timeZone),
        end: zonedMidnight(year, second, day + 1, timeZone),
      };
    }
    const firstMonth = kind === 'quarter' ? (second - 1) * 3 + 1 : second;
    const months = kind === 'quarter' ? 3 : 1;
    return {
      kind,
      label,
      timeZone,
      start: zonedMidnight(year, firstMonth, 1, timeZone),
      end: zonedMidnight(year, firstMonth + months, 1, timeZone),
    };
  }
  return { problem: 'expected YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM or YYYY-Qn' };
}

/**
 * The label of the period of `kind` holding instant `ms` in a zone.
 *
 * @example
 * ```ts
 * periodLabel(Date.parse('2026-11-30T12:00:00Z'), 'week', 'UTC'); // '2026-W49'
 * ```
 */
export function periodLabel(ms: number, kind: PeriodKind, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  switch (kind) {
    case 'day':
      return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
    case 'week': {
      const iso = isoWeekOf(p.year, p.month, p.day);
      return `${iso.year}-W${pad(iso.week)}`;
    }
    case 'month':
      return `${p.year}-${pad(p.month)}`;
    case 'quarter':
      return `${p.year}-Q${Math.ceil(p.month / 3)}`;
  }
}

/**
 * The period of `kind` holding `ms`.
 *
 * @example
 * ```ts
 * periodAt(Date.now(), 'month', 'Asia/Shanghai').label; // '2026-11'
 * ```
 */
export function periodAt(ms: number, kind: PeriodKind, timeZone: string): Period {
  return parsePeriod(periodLabel(ms, kind, timeZone), timeZone) as Period;
}

/**
 * The days of a period, in order, as day periods.
 *
 * @example
 * ```ts
 * daysOf(parsePeriod('2026-11', 'UTC') as Period).length; // 30
 * ```
 */
export function daysOf(period: Period): Period[] {
  const days: Period[] = [];
  let cursor = period.start;
  while (cursor < period.end) {
    const day = periodAt(cursor, 'day', period.timeZone);
    days.push(day);
    cursor = day.end;
  }
  return days;
}
