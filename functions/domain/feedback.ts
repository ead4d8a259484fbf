import { createHmac } from 'node:crypto';
import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { feedbackCategories } from '../contract/vocabulary.js';
import { MAX_TERMS } from './policy-config.js';
import { toUtc } from './time.js';

/*
 * Interaction and feedback, step 5 of the brand process: what people say back under a
 * published post, kept as feedback records the brand answers in time. Plain rules: no AWS.
 */

export { feedbackCategories };
export type FeedbackCategory = (typeof feedbackCategories)[number];

const DAY_SECONDS = 24 * 3600;
/** How long feedback text is kept when the brand says nothing (data protection). */
export const DEFAULT_FEEDBACK_RETENTION_DAYS = 90;
/** Feedback is collected on its own schedule this long after publishing, when most replies arrive. */
export const EARLY_FEEDBACK_HOURS = 48;
/**
 * Pages of replies read per channel per collection round (100 items a page where the platform
 * allows it): a busy post is read fully up to about 1,000 replies a round, and one post cannot
 * spend a channel's whole rate limit. Items past the cap are read by the next round.
 */
export const FEEDBACK_PAGES_PER_ROUND = 10;
/**
 * Hours after publishing at which feedback is collected on its own (no metrics) in the first
 * {@link EARLY_FEEDBACK_HOURS}: hourly while replies come fastest, then every six hours.
 */
export const EARLY_FEEDBACK_CHECK_HOURS: readonly number[] = [1, 2, 3, 4, 5, 6, 12, 18, 24, 30, 36, 42, 48];

/** One feedback-only collection: its hour after publishing, when, and the metric round it comes before. */
export interface EarlyFeedbackCheck {
  hour: number;
  at: string;
  round: number;
}

/**
 * The feedback-only collections a post needs in its first {@link EARLY_FEEDBACK_HOURS}: one at
 * each of {@link EARLY_FEEDBACK_CHECK_HOURS} that is still ahead of `now`, falls before the last
 * metric round (after it the lifecycle is over) and is not at a metric round's time (that round
 * reads the replies already). `round` is the first metric round after it.
 *
 * @example
 * ```ts
 * earlyFeedbackChecks('2030-01-01T00:00:00Z', [{ round: 1, at: '2030-01-01T01:00:00Z' }, { round: 2, at: '2030-01-04T00:00:00Z' }], 0)[0];
 * // { hour: 2, at: '2030-01-01T02:00:00Z', round: 2 }
 * ```
 */
export function earlyFeedbackChecks(
  publishedAt: string,
  rounds: readonly { round: number; at: string }[],
  now: number,
): EarlyFeedbackCheck[] {
  const start = Date.parse(publishedAt);
  const roundTimes = rounds.map((r) => ({ round: r.round, ms: Date.parse(r.at) }));
  const checks: EarlyFeedbackCheck[] = [];
  if (Number.isNaN(start)) return checks;
  for (const hour of EARLY_FEEDBACK_CHECK_HOURS) {
    const ms = start + hour * 3_600_000;
    const next = roundTimes.find((r) => r.ms > ms);
    if (ms <= now || !next || roundTimes.some((r) => r.ms === ms)) continue;
    checks.push({ hour, at: toUtc(ms), round: next.round });
  }
  return checks;
}

const terms = z
  .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
  .check(z.maxLength(MAX_TERMS));
const hour = z.number().check(z.int(), z.gte(0), z.lte(24));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a local date, YYYY-MM-DD'));

/** Response targets in business hours per category; a category left out has no SLA. */
const slaHoursSchema = z.partialRecord(
  z.enum(feedbackCategories),
  z.number().check(z.positive(), z.lte(720)),
);

/**
 * A brand's feedback settings (`feedback` in its profile): retention, triage lists, working
 * hours and response targets, which replies need approval, the spike alert.
 *
 * @example
 * ```ts
 * feedbackSettingsSchema.parse({ retentionDays: 30, terms: { complaint: ['退款'] } }).slaHours; // { crisis_risk: 1, complaint: 4, question: 8 }
 * ```
 */
export const feedbackSettingsSchema = z.strictObject({
  /** Whether replies are collected at all. */
  collect: z._default(z.boolean(), true),
  /** Days the text of a feedback record is kept (DynamoDB TTL). */
  retentionDays: z._default(
    z.number().check(z.int(), z.gte(1), z.lte(3650)),
    DEFAULT_FEEDBACK_RETENTION_DAYS,
  ),
  /** Terms per category, added to the built-in lists (functions/domain/feedback-triage.ts). */
  terms: z._default(z.partialRecord(z.enum(feedbackCategories), terms), {}),
  /** Drops the built-in lists: only `terms` apply. */
  replaceDefaultTerms: z._default(z.boolean(), false),
  workingHours: z.prefault(
    z
      .strictObject({
        /** ISO weekdays, 1 = Monday. */
        days: z._default(z.array(z.number().check(z.int(), z.gte(1), z.lte(7))), [1, 2, 3, 4, 5]),
        start: z._default(hour, 9),
        end: z._default(hour, 18),
      })
      .check(
        z.refine((hours) => hours.start < hours.end, {
          message: 'workingHours: start must be before end',
          params: { rule: 'start-before-end' },
        }),
      ),
    {},
  ),
  /** Local dates (in the brand's time zone) nobody works. */
  holidays: z._default(z.array(isoDate).check(z.maxLength(400)), []),
  slaHours: z._default(slaHoursSchema, { crisis_risk: 1, complaint: 4, question: 8 }),
  /** Categories whose replies wait for a reply approval before they are published. */
  replyApproval: z._default(z.array(z.enum(feedbackCategories)), ['complaint', 'crisis_risk']),
  spike: z.prefault(
    z.strictObject({
      /** Complaints and crisis-risk items in one hour, as a multiple of the brand's hourly baseline. */
      factor: z._default(z.number().check(z.gte(1)), 3),
      /** Never an alert below this many items in the hour, whatever the baseline. */
      minimum: z._default(z.number().check(z.int(), z.gte(1)), 5),
    }),
    {},
  ),
});
export type FeedbackSettings = z.infer<typeof feedbackSettingsSchema>;

/**
 * The settings of a brand that has none, or only some.
 *
 * @example
 * ```ts
 * feedbackSettingsOf(undefined).retentionDays; // 90
 * ```
 */
export function feedbackSettingsOf(
  settings: z.input<typeof feedbackSettingsSchema> | undefined,
): FeedbackSettings {
  return feedbackSettingsSchema.parse(settings ?? {});
}

/** One reply, comment or mention as a platform hands it out. */
export interface CollectedFeedback {
  /** The platform's id of the reply (a status id, an at:// URI, a comment URN). */
  platformId: string;
  /** RFC 3339 UTC. */
  createdAt: string;
  text: string;
  /** The author's handle or account id on the platform: only its keyed hash is kept. */
  author?: string;
}

/** What the sandbox's simulated people say, in turn: a question, praise, a complaint, a remark. */
const SIMULATED_REPLY_TEXTS = [
  'Where can I buy it?',
  'Love this, thank you!',
  'My order arrived broken.',
  'Nice photo.',
] as const;

/**
 * The replies a sandbox post has received by `at`: `count` of them, arriving evenly over the
 * first {@link EARLY_FEEDBACK_HOURS} hours after publishing, the same ones at every read.
 *
 * @example
 * ```ts
 * simulatedReplies('abc', '2030-01-01T00:00:00Z', '2030-01-03T00:00:00Z', 3).length; // 3
 * ```
 */
export function simulatedReplies(
  externalId: string,
  publishedAt: string,
  at: string,
  count: number,
): CollectedFeedback[] {
  const published = Date.parse(publishedAt);
  const spacing = (EARLY_FEEDBACK_HOURS * 3_600_000) / (count + 1);
  return Array.from({ length: count }, (_, i) => ({
    platformId: `${externalId}-reply-${i + 1}`,
    createdAt: new Date(published + Math.round(spacing * (i + 1))).toISOString(),
    text: SIMULATED_REPLY_TEXTS[i % SIMULATED_REPLY_TEXTS.length] as string,
    author: `@fan-${i + 1}@sandbox.local`,
  })).filter((reply) => Date.parse(reply.createdAt) <= Date.parse(at));
}

/**
 * The author reduced to what the brand needs: the same person on the same channel always
 * gives the same value (to count repeat authors), and the handle cannot be read back without
 * the key.
 *
 * @example
 * ```ts
 * authorHash('local-key', 'mastodon', '@ana@example.social'); // 32 hex characters
 * ```
 */
export function authorHash(key: string, channel: string, author: string): string {
  return createHmac('sha256', key)
    .update(`${channel}\n${author.trim().toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * When a record collected at `collectedAtMs` loses its text: epoch seconds, DynamoDB's TTL.
 *
 * @example
 * ```ts
 * retentionExpiry(Date.parse('2030-01-01T00:00:00Z'), 90); // 1901923200
 * ```
 */
export function retentionExpiry(collectedAtMs: number, retentionDays: number): number {
  return Math.floor(collectedAtMs / 1000) + retentionDays * DAY_SECONDS;
}

/**
 * Whether complaints and crisis-risk items in the last hour are a spike against the brand's
 * hourly baseline: at least the minimum, and above `factor` times the baseline.
 *
 * @example
 * ```ts
 * isFeedbackSpike(12, 2, { factor: 3, minimum: 5 }); // true
 * isFeedbackSpike(4, 0, { factor: 3, minimum: 5 }); // false
 * ```
 */
export function isFeedbackSpike(
  lastHour: number,
  baselinePerHour: number,
  spike: FeedbackSettings['spike'],
): boolean {
  return lastHour >= spike.minimum && lastHour > spike.factor * baselinePerHour;
}
