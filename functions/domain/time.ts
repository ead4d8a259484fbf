/** RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`). */
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
/** The same, with the offset missing: recognised only to say what is wrong. */
const rfc3339NoOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

export type TimestampProblem = 'format' | 'offset';

/**
 * Parses an RFC 3339 timestamp that must carry an offset, to epoch milliseconds. Only a
 * time that exists is read: `2027-02-30`, hour 24, minute 60 or a leap second are `format`
 * problems, not a later day (JavaScript's Date would roll them over).
 *
 * @example
 * ```ts
 * parseOffsetTimestamp('2030-01-01T09:00:00+08:00'); // { ms: 1893459600000 }
 * parseOffsetTimestamp('2030-01-01T09:00:00'); // { problem: 'offset' }
 * parseOffsetTimestamp('2027-02-30T10:00:00+01:00'); // { problem: 'format' }
 * ```
 */
export function parseOffsetTimestamp(value: string): { ms: number } | { problem: TimestampProblem } {
  if (value.length > 40) return { problem: 'format' };
  if (rfc3339NoOffset.test(value)) return { problem: 'offset' };
  const parts = rfc3339.exec(value);
  if (!parts) return { problem: 'format' };
  const [year, month, day, hour, minute, second, , offsetHour, offsetMinute] = parts
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year as number, (month as number) - 1, day as number);
  const exists =
    date.getUTCMonth() === (month as number) - 1 &&
    date.getUTCDate() === day &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 59 &&
    (offsetHour as number) <= 23 &&
    (offsetMinute as number) <= 59;
  const ms = Date.parse(value);
  return !exists || Number.isNaN(ms) ? { problem: 'format' } : { ms };
}

/** Epoch milliseconds as RFC 3339 UTC without fractions: `2030-01-01T01:00:00Z` (what Step Functions' Wait takes). */
export function toUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What Intl takes for a time zone but is a UTC offset, not a zone: `+01:00`, `UTC+1`, `GMT-05:00`. */
const offsetLike = /^(?:(?:UTC|GMT)?\s*[+\-\u2212]|[+\-\u2212]?\d)/i;

/**
 * Whether `name` is an IANA time zone this runtime knows (`Europe/Paris`, `UTC`). A UTC
 * offset is refused even where the runtime takes it: it has no daylight saving rules, so
 * calendar days and cadence rules would shift by an hour twice a year.
 *
 * @example
 * ```ts
 * isTimeZone('Europe/Paris'); // true
 * isTimeZone('+01:00'); // false
 * ```
 */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64 || offsetLike.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whole seconds from `now` until `scheduledAt`, rounded up and at least `floor`: a review's
 * timeout. Rounding up makes the timeout end at or after the scheduled time, so one timeout
 * settles an expiry instead of a second, one-second window.
 *
 * @example
 * ```ts
 * secondsUntil('2030-01-01T00:00:10Z', Date.parse('2030-01-01T00:00:00Z')); // 10
 * ```
 */
export function secondsUntil(scheduledAt: string, now: number, floor = 1): number {
  return Math.max(floor, Math.ceil((Date.parse(scheduledAt) - now) / 1000));
}
