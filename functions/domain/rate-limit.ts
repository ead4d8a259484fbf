import { toUtc } from './time.js';

/**
 * How long Brandflow waits for a platform's rate limit, per channel of one post (or per
 * metrics round), before it gives up.
 *
 * Each wait is capped at 15 minutes: the per-window limits that a burst of scheduled posts
 * runs into reset within that (Mastodon's and Bluesky's 5-minute windows, X's 15-minute
 * windows). A longer named wait is a daily or app-wide quota (LinkedIn's daily limits, X's
 * 24-hour caps, a Graph API block of an hour or more): waiting for it would publish a
 * scheduled post hours late, and calling earlier than the platform asks only earns another
 * refusal, so the channel fails at once with the wait in its message, and the brand can
 * reschedule. At most three waits keep a channel at most 45 minutes past its time.
 */
export const RateLimitBounds = {
  /** Waits per channel (or metrics round) per execution; the next rate limit fails the channel. */
  maxWaits: 3,
  /** The longest single wait, in seconds. */
  maxWaitSeconds: 15 * 60,
  /** The wait when the platform names none, in seconds. */
  defaultWaitSeconds: 60,
} as const;

/** What to do about one rate-limited answer: wait until `retryAt`, or give up with `reason`. */
export type RateLimitDecision =
  | { action: 'wait'; retryAt: string; waitSeconds: number }
  | { action: 'give_up'; reason: string };

/**
 * Decides whether a rate-limited call is tried again, and when: at the time the platform
 * named (`namedWaitSeconds`, from Retry-After or a reset header), at least one second away,
 * unless that wait is longer than {@link RateLimitBounds.maxWaitSeconds} or the item already
 * waited {@link RateLimitBounds.maxWaits} times.
 *
 * @example
 * ```ts
 * decideRateLimitWait(120, 0, Date.parse('2030-01-01T09:00:00Z'));
 * // { action: 'wait', retryAt: '2030-01-01T09:02:00Z', waitSeconds: 120 }
 * decideRateLimitWait(7200, 0, Date.now()).action; // 'give_up'
 * ```
 */
export function decideRateLimitWait(
  namedWaitSeconds: number | undefined,
  waitsSoFar: number,
  now: number,
): RateLimitDecision {
  const { maxWaits, maxWaitSeconds, defaultWaitSeconds } = RateLimitBounds;
  const named = namedWaitSeconds ?? defaultWaitSeconds;
  if (waitsSoFar >= maxWaits) {
    return {
      action: 'give_up',
      reason: `still rate limited after ${waitsSoFar} waits (at most ${maxWaits} per channel)`,
    };
  }
  if (named > maxWaitSeconds) {
    return {
      action: 'give_up',
      reason: `the platform asks to wait ${named} s, longer than the ${maxWaitSeconds} s a publication may be held back; reschedule the post`,
    };
  }
  const waitSeconds = Math.max(1, Math.ceil(named));
  // Rounded up to a whole second: Step Functions' TimestampPath takes no fractions.
  const retryAt = toUtc(Math.ceil((now + waitSeconds * 1000) / 1000) * 1000);
  return { action: 'wait', retryAt, waitSeconds };
}

/**
 * How long a channel waits for the platform to finish processing its media (an Instagram or
 * Threads video container, `IN_PROGRESS`): Meta asks to check about once a minute for no more
 * than five minutes, and a long video takes a few. The waits share the task's count with rate
 * limits (`rateLimitWaits`): together they bound how late a channel may go out.
 */
export const ProcessingBounds = {
  /** Waits per channel per execution; past them the channel fails. */
  maxWaits: 12,
  /** Between two status checks, in seconds. */
  waitSeconds: 30,
} as const;

/**
 * Decides whether a channel whose media is still processing checks again, and when.
 *
 * @example
 * ```ts
 * decideProcessingWait(0, Date.parse('2030-01-01T09:00:00Z'));
 * // { action: 'wait', retryAt: '2030-01-01T09:00:30Z', waitSeconds: 30 }
 * ```
 */
export function decideProcessingWait(waitsSoFar: number, now: number): RateLimitDecision {
  const { maxWaits, waitSeconds } = ProcessingBounds;
  if (waitsSoFar >= maxWaits) {
    return {
      action: 'give_up',
      reason: `still processing after ${waitsSoFar} waits of ${waitSeconds} s (at most ${maxWaits})`,
    };
  }
  return { action: 'wait', retryAt: toUtc(Math.ceil((now + waitSeconds * 1000) / 1000) * 1000), waitSeconds };
}
