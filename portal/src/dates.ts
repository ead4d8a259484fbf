/**
 * Dates in the brand's time zone. Calendar days are counted on the calendar itself (year,
 * month, day), never by adding 24 hours, so a week that crosses a daylight-saving change
 * still has seven days and each post lands on its local day.
 */

/** A calendar day: `2030-03-31`. */
export type DayKey = string;

const partsIn = (ms: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
};

/** The day an instant falls on in `timeZone`. */
export function dayIn(iso: string | number, timeZone: string): DayKey {
  const { year, month, day } = partsIn(typeof iso === 'number' ? iso : Date.parse(iso), timeZone);
  return `${year}-${month}-${day}`;
}

/** The day `n` days after `day`. */
export function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The Monday of the week `day` falls in. */
export function weekStart(day: DayKey): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The first day of the month `day` falls in, and the number of days in that month. */
export function monthOf(day: DayKey): { first: DayKey; days: number } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return { first: `${day.slice(0, 7)}-01`, days: new Date(Date.UTC(y, m, 0)).getUTCDate() };
}

/** An instant as `language` writes it in `timeZone`, with the zone's abbreviation (CET, CEST...). */
export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(Date.parse(iso));
}

/** The time of day an instant shows in `timeZone`, with the zone's short name: `09:00 GMT+2`. */
export function formatTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(Date.parse(iso));
}

/** A day as `language` writes it: `Mon 31 Mar`. */
export function formatDay(day: DayKey, language: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language, {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(Date.UTC(y, m - 1, d));
}
