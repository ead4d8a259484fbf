import { zonedParts, zonedTime } from '../functions/domain/periods.js';

/**
 * EventBridge Scheduler's recurring `cron(minutes hours day-of-month month day-of-week year)`
 * expressions, read in a time zone: what the twin needs to fire them. Each field takes `*`,
 * numbers, ranges `a-b`, lists `a,b`, steps `*\/n` or `a/n` or `a-b/n`, and names (`MON`,
 * `JAN`); day of week counts 1 = Sunday to 7 = Saturday, as on AWS. Exactly one of day of
 * month and day of week is `?`. `L`, `W` and `#` are refused: the twin does not run them.
 */
export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: number[] | 'any';
  months: number[];
  /** 1 = Sunday ... 7 = Saturday. */
  daysOfWeek: number[] | 'any';
  years: number[] | 'any';
  timeZone: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;
/** How far ahead a next firing is looked for: a year-restricted expression may have none. */
const SEARCH_DAYS = 366 * 5;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** Thrown inside this module only; {@link parseCron} answers it as a problem. */
class Refusal {
  constructor(readonly problem: string) {}
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const number = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(number) || number < spec.min || number > spec.max) {
    throw new Refusal(`${spec.name} '${text}' must be ${spec.min} to ${spec.max}`);
  }
  return number;
}

function field(text: string, spec: FieldSpec): number[] | 'any' {
  if (text === '?') return 'any';
  if (/[LW#]/.test(text)) throw new Refusal(`${spec.name} '${text}': L, W and # are not supported locally`);
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Refusal(`${spec.name} step '${stepText}' must be 1 or more`);
    const [from, to] =
      range === '*'
        ? [spec.min, spec.max]
        : range.includes('-')
          ? (range.split('-').map((end) => value(end, spec)) as [number, number])
          : [value(range, spec), stepText === undefined ? value(range, spec) : spec.max];
    if (from > to) throw new Refusal(`${spec.name} range '${range}' runs backwards`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Reads a `cron(...)` expression for a time zone, or answers the field and the rule it breaks.
 *
 * @example
 * ```ts
 * parseCron('cron(0 6 ? * MON *)', 'Europe/Paris'); // { ..., daysOfWeek: [2], timeZone: 'Europe/Paris' }
 * parseCron('cron(0 6 L * ? *)', 'UTC'); // { problem: "day-of-month 'L': L, W and # are not supported locally" }
 * ```
 */
export function parseCron(expression: string, timeZone: string): CronSchedule | { problem: string } {
  try {
    return readCron(expression, timeZone);
  } catch (thrown) {
    if (thrown instanceof Refusal) return { problem: thrown.problem };
    throw thrown;
  }
}

function readCron(expression: string, timeZone: string): CronSchedule {
  const match = CRON.exec(expression);
  if (!match) throw new Refusal('must be cron(minutes hours day-of-month month day-of-week year)');
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = match
    .slice(1)
    .map((text, i) => field(text, FIELDS[i] as FieldSpec));
  if ((daysOfMonth === 'any') === (daysOfWeek === 'any')) {
    throw new Refusal('exactly one of day-of-month and day-of-week must be ?');
  }
  if (minutes === 'any' || hours === 'any' || months === 'any') {
    throw new Refusal('? is allowed in day-of-month or day-of-week only');
  }
  return { minutes, hours, daysOfMonth, months, daysOfWeek, years, timeZone } as CronSchedule;
}

const matches = (allowed: number[] | 'any', v: number) => allowed === 'any' || allowed.includes(v);

/**
 * The first instant after `after` (epoch milliseconds, exclusive) the schedule names, or
 * undefined when none comes within five years. A wall-clock time a DST change skips does not
 * happen that day; a repeated one fires at its first occurrence.
 *
 * @example
 * ```ts
 * nextCronTime(parseCron('cron(0 6 ? * MON *)', 'Europe/Paris') as CronSchedule, Date.parse('2026-11-25T00:00:00Z'));
 * // Date.parse('2026-11-30T05:00:00Z')
 * ```
 */
export function nextCronTime(schedule: CronSchedule, after: number): number | undefined {
  const start = zonedParts(after, schedule.timeZone);
  for (let offset = 0; offset <= SEARCH_DAYS; offset += 1) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!matches(schedule.years, year) || !schedule.months.includes(month)) continue;
    if (!matches(schedule.daysOfMonth, day) || !matches(schedule.daysOfWeek, date.getUTCDay() + 1)) continue;
    for (const hour of schedule.hours) {
      const hourStart = firstOccurrence(year, month, day, hour, schedule.timeZone);
      if (hourStart === undefined) continue;
      for (const minute of schedule.minutes) {
        const at = hourStart + minute * 60_000;
        if (at > after) return at;
      }
    }
  }
  return undefined;
}

/** The first instant a local hour starts, or undefined when a DST change skips it. */
function firstOccurrence(year: number, month: number, day: number, hour: number, timeZone: string) {
  const later = zonedTime(year, month, day, hour, timeZone);
  const shown = zonedParts(later, timeZone);
  if (shown.hour !== hour || shown.day !== day) return undefined;
  // zonedTime picks a repeated hour's later occurrence; the one an hour before reads the same.
  const earlier = later - 3_600_000;
  return zonedParts(earlier, timeZone).hour === hour ? earlier : later;
}
