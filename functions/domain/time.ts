/** RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`). */
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
/** The same, with the offset missing: recognised only to say what is wrong. */
const rfc3339NoOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;

export type TimestampProblem = 'format' | 'offset';

/**
 * Parses an RFC 3339 timestamp that must carry an offset, to epoch milliseconds.
 *
 * @example
 * ```ts
 * parseOffsetTimestamp('2030-01-01T09:00:00+08:00'); // { ms: 1893459600000 }
 * parseOffsetTimestamp('2030-01-01T09:00:00'); // { problem: 'offset' }
 * ```
 */
export function parseOffsetTimestamp(value: string): { ms: number } | { problem: TimestampProblem } {
  if (rfc3339NoOffset.test(value)) return { problem: 'offset' };
  if (!rfc3339.test(value)) return { problem: 'format' };
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? { problem: 'format' } : { ms };
}

/** Epoch milliseconds as RFC 3339 UTC without fractions: `2030-01-01T01:00:00Z` (what Step Functions' Wait takes). */
export function toUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  if (name.length === 0) return false;
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
