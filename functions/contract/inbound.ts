import * as z from 'zod/mini';
import './schema-messages.js';
import { inboundContractFields } from './version.js';

/*
 * The inbound half of the contract: the detail of every event integrators put on the bus.
 * The handlers parse with these schemas; docs/events.md and the registry's JSON Schemas are
 * generated from them.
 */

export const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const idRule = 'must be 1-64 characters of A-Z a-z 0-9 _ -';
const id = () => z.string().check(z.regex(idPattern, idRule));
const person = () =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(128), z.describe('Opaque user id, never a name.')),
  });
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/**
 * The longest text a post may carry on one channel, in UTF-16 code units: Facebook's 63,206,
 * the largest of the supported platforms. The channel's own limit is checked in graphemes on
 * top (functions/domain/submission.ts).
 */
export const MAX_TEXT_LENGTH = 63_206;
/** The most channels one post names. */
export const MAX_CHANNELS = 20;
/** The most media one channel's content carries (Instagram's and X's carousels take 10 and 4). */
export const MAX_MEDIA = 10;
/** The longest URL accepted (what browsers and the platforms reliably take). */
export const MAX_URL_LENGTH = 2048;
/** The highest revision a post may reach: far beyond any real edit count, and a safe integer for DynamoDB's numbers. */
export const MAX_REVISION = 1_000_000;

/**
 * The revision a refusal may echo from an event it refuses: the value when it is a revision
 * that could exist, 0 otherwise (a huge, fractional or tiny number cannot be stored).
 *
 * @example
 * ```ts
 * echoedRevision(2); // 2
 * echoedRevision(-5e-324); // 0
 * ```
 */
export function echoedRevision(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_REVISION
    ? (value as number)
    : 0;
}
/** An RFC 3339 date-time is at most 35 characters (9 fraction digits and an offset). */
const MAX_TIMESTAMP_LENGTH = 40;
/** The longest IANA time zone name is 32 characters. */
const MAX_TIME_ZONE_LENGTH = 64;
const httpsUrl = () => z.url({ protocol: /^https$/ }).check(z.maxLength(MAX_URL_LENGTH));
const channelId = () =>
  z.string().check(z.regex(idPattern, 'channel ids are 1-64 characters of A-Z a-z 0-9 _ -'));
const revision = () => z.number().check(z.int(), z.gte(1), z.lte(MAX_REVISION));

/** What a post says on one channel. */
export const channelContentSchema = z.object({
  text: z.string().check(z.maxLength(MAX_TEXT_LENGTH)),
  mediaUrls: z.optional(z.array(httpsUrl()).check(z.maxLength(MAX_MEDIA))),
  /** Ids of the brand's library assets, in the order they appear (docs/media.md). */
  assets: z.optional(z.array(id()).check(z.maxLength(20))),
  link: z.optional(httpsUrl()),
});

/** Whether a post is paid for or made with a partner (brand, influencer or KOL): the disclosure rule reads it. */
export const promotionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organic') }),
  z.object({ type: z.literal('paid'), partner: z.optional(text(1, 128)) }),
  z.object({ type: z.literal('partner'), partner: text(1, 128) }),
]);

export const contentTypes = ['text', 'image', 'video', 'link'] as const;

/** `Submit Post`: a new post, a new revision of one, or a repeat. */
export const submitPostSchema = z.object({
  postId: id(),
  revision: revision(),
  brandId: id(),
  campaign: z.optional(text(1, 128)),
  author: person(),
  contentType: z.enum(contentTypes),
  content: z.record(channelId(), channelContentSchema).check(
    z.refine((content) => Object.keys(content).length <= MAX_CHANNELS, {
      message: `name at most ${MAX_CHANNELS} channels`,
    }),
    z.describe(`Text per channel id (x, bluesky, ...), at most ${MAX_CHANNELS} channels.`),
  ),
  promotion: z.optional(promotionSchema),
  scheduledAt: z
    .string()
    .check(
      z.maxLength(MAX_TIMESTAMP_LENGTH),
      z.describe(
        'RFC 3339 with an offset, a date and time that exist, at least a minute ahead, and early enough that publishing and every metric round fit in one execution\u2019s year (about 333 days).',
      ),
    ),
  timeZone: z
    .string()
    .check(
      z.maxLength(MAX_TIME_ZONE_LENGTH),
      z.describe('IANA time zone, e.g. Europe/Paris; a UTC offset such as +01:00 is refused.'),
    ),
  ...inboundContractFields,
});

export const reviewDecisions = ['approve', 'reject', 'request_changes'] as const;

const reviewDecisionShape = z.object({
  postId: id(),
  revision: revision(),
  decision: z.enum(reviewDecisions),
  reviewer: person(),
  comment: z
    .optional(z.string().check(z.maxLength(2000)))
    .check(z.describe('Required to reject or request changes.')),
  stage: z.optional(text(1, 40)).check(z.describe('The stage decided; the waiting one when omitted.')),
  contentHash: z
    .optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest')))
    .check(z.describe('From Review Requested; required to approve; refused when the content changed since.')),
  ...inboundContractFields,
});

/** `Review Decision`: one reviewer's decision on the stage waiting. */
export const reviewDecisionSchema = reviewDecisionShape.check(
  z.refine((d) => d.decision === 'approve' || (d.comment ?? '').trim().length > 0, {
    path: ['comment'],
    message: 'a comment is required to reject or request changes',
  }),
);

/** `Cancel Post`: stops a post before publication. */
export const cancelPostSchema = z.object({
  postId: id(),
  requestedBy: person(),
  reason: z.optional(z.string().check(z.maxLength(2000))),
  ...inboundContractFields,
});

/** `Reschedule Post`: moves a post's time before publication. */
export const reschedulePostSchema = z.object({
  postId: id(),
  scheduledAt: z
    .string()
    .check(
      z.maxLength(MAX_TIMESTAMP_LENGTH),
      z.describe(
        'RFC 3339 with an offset, at least a minute ahead, within the year of the post\u2019s execution (as for Submit Post).',
      ),
    ),
  timeZone: z.optional(z.string().check(z.maxLength(MAX_TIME_ZONE_LENGTH))),
  requestedBy: person(),
  ...inboundContractFields,
});

/**
 * `Retry Post`: runs a `failed` post's lifecycle again, for the same revision, from the policy
 * check. Channels already published keep their post and are not published again.
 */
export const retryPostSchema = z.object({
  postId: id(),
  scheduledAt: z
    .string()
    .check(z.describe('RFC 3339 with an offset, at least a minute ahead: when to publish this time.')),
  requestedBy: person(),
  ...inboundContractFields,
});

/** `Update Brand Profile`: a whole profile, saved as a new version (docs/policy.md, docs/review.md). */
export const updateBrandProfileSchema = z.object({
  profile: z
    .record(z.string(), z.unknown())
    .check(
      z.describe('The brand profile: brandId, name, channels, reviewChain, policy (see docs/policy.md).'),
    ),
  expectedVersion: z
    .optional(z.number().check(z.int(), z.gte(0)))
    .check(
      z.describe('The version the sender edited; another update in between is refused instead of lost.'),
    ),
  updatedBy: person(),
  ...inboundContractFields,
});

export const conversionKinds = ['purchase', 'signup', 'lead', 'click', 'other'] as const;

/** `Conversion Recorded`: a sale, signup or lead the sender attributes to a published post. */
export const conversionRecordedSchema = z.object({
  conversionId: id().check(
    z.describe('The sender\u2019s id for this conversion: a repeat is recorded once.'),
  ),
  postId: id(),
  channel: channelId().check(
    z.describe('The channel the conversion came through; the post must be published on it.'),
  ),
  kind: z.enum(conversionKinds),
  value: z.optional(
    z.object({
      amount: z.number().check(z.gte(0), z.lte(1e12)),
      currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
    }),
  ),
  occurredAt: z.iso.datetime({ offset: true }),
  ...inboundContractFields,
});

/** The longest feedback text an integrator may send: the longest comment the platforms take. */
export const MAX_FEEDBACK_TEXT_LENGTH = 10_000;

/** `Feedback Received`: a comment, message or survey answer from a source Brandflow does not read itself. */
export const feedbackReceivedSchema = z.object({
  brandId: id(),
  sourceId: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(500),
      z.describe('The sender\u2019s id for this item: a repeat is recorded once.'),
    ),
  channel: channelId().check(
    z.describe('Where it came from: a channel id or a source name such as `email`.'),
  ),
  postId: z.optional(id().check(z.describe('The post it answers, if any; it must belong to the brand.'))),
  text: z.string().check(z.minLength(1), z.maxLength(MAX_FEEDBACK_TEXT_LENGTH)),
  author: z.optional(
    z.string().check(z.minLength(1), z.maxLength(500), z.describe('Kept only as a keyed hash.')),
  ),
  receivedAt: z.iso.datetime({ offset: true }),
  ...inboundContractFields,
});

/** The report formats: the same three are stored for every report. */
export const reportFormatNames = ['html', 'md', 'csv'] as const;

/** `Generate Report`: builds and stores a brand's analysis report for a week or a month. */
export const generateReportSchema = z.object({
  brandId: id(),
  period: z
    .string()
    .check(
      z.regex(/^\d{4}-(W\d{2}|\d{2})$/, 'an ISO week such as 2026-W48 or a month such as 2026-11'),
      z.describe("An ISO week (2026-W48) or a month (2026-11), in the brand's time zone; not in the future."),
    ),
  requestedBy: person(),
  ...inboundContractFields,
});
