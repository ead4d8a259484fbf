import { createHash } from 'node:crypto';
import type { MetricsRound } from '../../workflows/contract.js';
import { ConfigurationError } from './errors.js';
import { secondsUntil, toUtc } from './time.js';

/**
 * How long AwaitMetricsRounds may wait past the last planned round before it times out:
 * three rate-limit waits of at most 15 minutes each, EventBridge Scheduler's retries within
 * the hour it keeps an event (docs/deploy.md), Lambda's two asynchronous retries, with margin.
 * A round that is lost for good ends the wait here: the lifecycle completes without it.
 */
export const METRICS_GRACE_SECONDS = 2 * 3600;

/**
 * The latest metric round a deployment may plan, in hours after publication (30 days): with
 * it bounded, the latest schedule a post may take is known, and every round fits in its
 * execution's year (functions/domain/submission.ts).
 */
export const MAX_METRICS_ROUND_HOURS = 720;

/** When metrics are collected unless the deployment says otherwise: hours after publication. */
export const DEFAULT_METRICS_SCHEDULE_HOURS: readonly number[] = [1, 24, 72];

/**
 * Reads a metrics schedule, from the stack's setting (a list, or cdk context text) or from
 * the function's `METRICS_SCHEDULE_HOURS`: whole hours after publication, strictly
 * increasing and at most {@link MAX_METRICS_ROUND_HOURS}, so the rounds come in order.
 * `field` names the setting in the error.
 *
 * @example
 * ```ts
 * parseMetricsScheduleHours('1,24,72'); // [1, 24, 72]
 * parseMetricsScheduleHours([24, 1]); // throws ConfigurationError 'metricsScheduleHours: ... (increasing)'
 * ```
 */
export function parseMetricsScheduleHours(
  value: string | readonly number[],
  field = 'metricsScheduleHours',
): number[] {
  const hours = typeof value === 'string' ? value.split(',').map((part) => Number(part.trim())) : [...value];
  const fail = (rule: string, detail: string) =>
    new ConfigurationError(`${field}: ${detail} (${rule})`, { context: { field, rule } });
  if (hours.length === 0) throw fail('required', 'give at least one hour');
  if (hours.some((h) => !Number.isInteger(h) || h <= 0)) {
    throw fail('positive-integer', 'every entry must be a whole number of hours above 0');
  }
  if (hours.some((h) => h > MAX_METRICS_ROUND_HOURS)) {
    throw fail('max', `no round may be later than ${MAX_METRICS_ROUND_HOURS} hours after publication`);
  }
  if (hours.some((h, i) => i > 0 && h <= (hours[i - 1] as number))) {
    throw fail('increasing', 'entries must be strictly increasing');
  }
  return hours;
}

/** The earliest a schedule may fire, from now: a time in the past would never run. */
export const MIN_SCHEDULE_LEAD_SECONDS = 60;

/** EventBridge Scheduler's longest schedule name. */
const MAX_SCHEDULE_NAME = 64;

/**
 * AwaitMetricsRounds' timeout: whole seconds from `now` until the last round, plus
 * {@link METRICS_GRACE_SECONDS}. With no round the task closes at once; 1 keeps the value valid.
 *
 * @example
 * ```ts
 * metricsTimeoutSeconds([{ round: 1, at: '2030-01-01T01:00:00Z' }], Date.parse('2030-01-01T00:00:00Z'));
 * // 3600 + 7200
 * ```
 */
export function metricsTimeoutSeconds(rounds: readonly MetricsRound[], now: number): number {
  const last = rounds
    .map((r) => r.at)
    .sort()
    .at(-1);
  if (!last) return 1;
  return secondsUntil(last, now, 0) + METRICS_GRACE_SECONDS;
}

/**
 * The schedule's name for one round of one execution, or for its `attempt`-th rate-limit
 * retry: deterministic, so a repeated call meets the schedule it already created
 * (ConflictException), and at most 64 characters of `[0-9A-Za-z_.-]` for any execution name
 * of up to 80 characters: a readable prefix of the name plus a hash of all of it.
 *
 * @example
 * ```ts
 * metricsScheduleName('spring-launch-r1', 2); // 'spring-launch-r1-5f0c1e9a2b7d-round2'
 * metricsScheduleName('spring-launch-r1', 2, 1); // 'spring-launch-r1-5f0c1e9a2b7d-round2-wait1'
 * ```
 */
export function metricsScheduleName(executionName: string, round: number, attempt = 0): string {
  return scheduleNameOf(executionName, `round${round}${attempt > 0 ? `-wait${attempt}` : ''}`);
}

/**
 * The schedule's name for the feedback-only collection `hour` hours after publishing, named
 * like {@link metricsScheduleName}, so a repeated call meets the schedule it already created.
 *
 * @example
 * ```ts
 * earlyFeedbackScheduleName('spring-launch-r1', 2); // 'spring-launch-r1-5f0c1e9a2b7d-feedback2h'
 * ```
 */
export function earlyFeedbackScheduleName(executionName: string, hour: number): string {
  return scheduleNameOf(executionName, `feedback${hour}h`);
}

/** A readable prefix of the execution name, a hash of all of it, then `tail`: at most 64 allowed characters. */
function scheduleNameOf(executionName: string, tail: string): string {
  const hash = createHash('sha256').update(executionName).digest('hex').slice(0, 12);
  const suffix = `-${hash}-${tail}`;
  const readable = executionName.replace(/[^0-9A-Za-z_.-]/g, '_').slice(0, MAX_SCHEDULE_NAME - suffix.length);
  return `${readable}${suffix}`;
}

/**
 * A one-time schedule expression for `at`, in UTC (the schedule sets its time zone to UTC):
 * `at(yyyy-mm-ddThh:mm:ss)`, no fractions, no offset. A time already past (a round at 0 hours,
 * or a retried call) becomes {@link MIN_SCHEDULE_LEAD_SECONDS} from now.
 *
 * @example
 * ```ts
 * scheduleExpressionAt('2030-01-01T09:00:00Z', Date.parse('2029-12-31T00:00:00Z')); // 'at(2030-01-01T09:00:00)'
 * ```
 */
export function scheduleExpressionAt(at: string, now: number): string {
  const earliest = Math.ceil((now + MIN_SCHEDULE_LEAD_SECONDS * 1000) / 1000) * 1000;
  const when = Math.max(Date.parse(at), earliest);
  return `at(${toUtc(when).replace(/Z$/, '')})`;
}

/** The post attributes the metrics wait adds (docs/data-model.md). */
export interface MetricsWaitFields {
  /** AwaitMetricsRounds' task token: CollectMetrics closes the wait with it after the last round. */
  metricsTaskToken?: string;
}

/** Lifecycle log actions of a round's outcome: read, or failed for good. */
export const MetricsRoundAction = {
  collected: 'metrics_collected',
  failed: 'metrics_round_failed',
} as const;

/**
 * Rounds an execution read in full, from the post's lifecycle log: each round's outcome is
 * logged once, so counting the `metrics_collected` entries counts rounds, not calls.
 *
 * @example
 * ```ts
 * roundsCollectedOf(await listLifecycleLog(postId), 'spring-launch-r1'); // 3
 * ```
 */
export function roundsCollectedOf(
  log: readonly { action: string; actor: { id: string }; details?: Record<string, unknown> }[],
  executionName: string,
): number {
  const rounds = log
    .filter((e) => e.action === MetricsRoundAction.collected && e.actor.id === executionName)
    .map((e) => e.details?.round);
  return new Set(rounds).size;
}
