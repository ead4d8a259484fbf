import { z } from 'zod';
import { inboundContractFields } from './version.js';

/*
 * The inbound half of the contract: the detail of every event integrators put on the bus.
 * The handlers parse with these schemas; docs/events.md and the registry's JSON Schemas are
 * generated from them.
 */

export const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const idRule = 'must be 1-64 characters of A-Z a-z 0-9 _ -';
const id = () => z.string().regex(idPattern, idRule);
const person = () => z.object({ id: z.string().min(1).max(128).describe('Opaque user id, never a name.') });

/** What a post says on one channel. */
export const channelContentSchema = z.object({
  text: z.string(),
  mediaUrls: z.array(z.url({ protocol: /^https$/ })).optional(),
  link: z.url({ protocol: /^https$/ }).optional(),
});

/** Whether a post is paid for or made with a partner (brand, influencer or KOL): the disclosure rule reads it. */
export const promotionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organic') }),
  z.object({ type: z.literal('paid'), partner: z.string().min(1).max(128).optional() }),
  z.object({ type: z.literal('partner'), partner: z.string().min(1).max(128) }),
]);

export const contentTypes = ['text', 'image', 'video', 'link'] as const;

/** `Submit Post`: a new post, a new revision of one, or a repeat. */
export const submitPostSchema = z.object({
  postId: id(),
  revision: z.number().int().min(1),
  brandId: id(),
  campaign: z.string().min(1).max(128).optional(),
  author: person(),
  contentType: z.enum(contentTypes),
  content: z.record(z.string(), channelContentSchema).describe('Text per channel id (x, bluesky, ...).'),
  promotion: promotionSchema.optional(),
  scheduledAt: z.string().describe('RFC 3339 with an offset, at least a minute ahead, within a year.'),
  timeZone: z.string().describe('IANA time zone, e.g. Europe/Paris.'),
  ...inboundContractFields,
});

export const reviewDecisions = ['approve', 'reject', 'request_changes'] as const;

const reviewDecisionShape = z.object({
  postId: id(),
  revision: z.number().int().min(1),
  decision: z.enum(reviewDecisions),
  reviewer: person(),
  comment: z.string().max(2000).optional().describe('Required to reject or request changes.'),
  stage: z.string().min(1).max(40).optional().describe('The stage decided; the waiting one when omitted.'),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest')
    .optional()
    .describe('From Review Requested; refused when the content changed since.'),
  ...inboundContractFields,
});

/** `Review Decision`: one reviewer's decision on the stage waiting. */
export const reviewDecisionSchema = reviewDecisionShape.refine(
  (d) => d.decision === 'approve' || (d.comment ?? '').trim().length > 0,
  { path: ['comment'], message: 'a comment is required to reject or request changes' },
);

/** `Cancel Post`: stops a post before publication. */
export const cancelPostSchema = z.object({
  postId: id(),
  requestedBy: person(),
  reason: z.string().max(2000).optional(),
  ...inboundContractFields,
});

/** `Reschedule Post`: moves a post's time before publication. */
export const reschedulePostSchema = z.object({
  postId: id(),
  scheduledAt: z.string().describe('RFC 3339 with an offset.'),
  timeZone: z.string().optional(),
  requestedBy: person(),
  ...inboundContractFields,
});

/** `Update Brand Profile`: a whole profile, saved as a new version (docs/policy.md, docs/review.md). */
export const updateBrandProfileSchema = z.object({
  profile: z
    .record(z.string(), z.unknown())
    .describe('The brand profile: brandId, name, channels, reviewChain, policy (see docs/policy.md).'),
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The version the sender edited; another update in between is refused instead of lost.'),
  updatedBy: person(),
  ...inboundContractFields,
});

export const conversionKinds = ['purchase', 'signup', 'lead', 'click', 'other'] as const;

/** `Conversion Recorded`: a sale, signup or lead the sender attributes to a published post. */
export const conversionRecordedSchema = z.object({
  conversionId: id().describe('The sender\u2019s id for this conversion: a repeat is recorded once.'),
  postId: id(),
  channel: z.string().min(1).max(40).describe('The channel the conversion came through.'),
  kind: z.enum(conversionKinds),
  value: z
    .object({
      amount: z.number().min(0),
      currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    })
    .optional(),
  occurredAt: z.iso.datetime({ offset: true }),
  ...inboundContractFields,
});
