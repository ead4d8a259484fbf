// Times on the wire are read by the contract; the domain reads them the same way.
export { parseOffsetTimestamp, type TimestampProblem } from '../contract/timestamps.js';

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
