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
