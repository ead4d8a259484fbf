import * as z from 'zod/mini';
import './schema-messages.js';
import { outboundContractFields } from './version.js';
import { feedbackCategories, POLICY_OUTCOMES } from './vocabulary.js';

/*
 * The outbound half of the contract: the detail of every event Brandflow puts on its bus.
 * Details are open (consumers must ignore fields they do not know) and never carry the post
 * text or people's names: ids, counts, statuses and reasons only.
 */

const problem = z.object({ field: z.string(), rule: z.string(), message: z.string() });

/** What every outbound detail carries. */
export const outboundBase = z.looseObject({
  postId: z.string().check(z.describe('The post; empty for events about a brand or an unreadable event.')),
  revision: z.number().check(z.int(), z.gte(0)),
  brandId: z.string(),
  occurredAt: z.iso.datetime().check(z.describe('When it happened, UTC.')),
  ...outboundContractFields,
});

// A detail's object schema is made when its event is first checked (outboundSchemas): a handler
// makes those of the events it emits, not the whole catalog's, at its cold start.
const withFields =
  <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  () =>
    z.extend(outboundBase, shape);
const optionalString = () => z.optional(z.string());
const integer = () => z.number().check(z.int());
const optionalInteger = () => z.optional(integer());
const optionalBoolean = () => z.optional(z.boolean());
const optionalIds = () => z.optional(z.array(z.string()));
const reviewStart = () =>
  z.optional(
    z.iso
      .datetime()
      .check(z.describe('When the review of this content started, UTC: the review time runs from it.')),
  );
const stageFields = {
  stage: optionalString(),
  stageNumber: optionalInteger(),
  stageCount: optionalInteger(),
};
const finding = z.looseObject({
  rule: z.string(),
  severity: z.enum(['block', 'warn']),
  message: z.string(),
  channel: optionalString(),
});

/** A better hour nearby for one channel, from the brand's own history, or why none is named: advice, never a refusal. */
const slotAdvice = z.object({
  channel: z.string(),
  suggestedAt: optionalString(),
  statement: z.string(),
});
const suggestions = () =>
  z.optional(
    z
      .array(slotAdvice)
      .check(
        z.describe(
          "Per channel, the best nearby hour from the brand's history, or why none is named (docs/reports.md).",
        ),
      ),
  );

/**
 * An object whose every property is the schema its maker returns, made when first read and
 * then kept: to a reader, a plain object of schemas.
 *
 * @example
 * ```ts
 * const schemas = madeAtFirstRead({ 'Post Failed': withFields({ error: optionalString() }) });
 * schemas['Post Failed']; // made now; the same schema on every later read
 * ```
 */
function madeAtFirstRead<Makers extends Record<string, () => z.ZodMiniType>>(
  makers: Makers,
): { readonly [Name in keyof Makers]: ReturnType<Makers[Name]> } {
  const schemas = {} as { [Name in keyof Makers]: ReturnType<Makers[Name]> };
  for (const [name, make] of Object.entries(makers)) {
    Object.defineProperty(schemas, name, {
      enumerable: true,
      configurable: true,
      get() {
        const schema = make();
        Object.defineProperty(schemas, name, { value: schema, enumerable: true });
        return schema;
      },
    });
  }
  return schemas;
}

/** Outbound detail schemas by detail-type, each made at its first read. */
export const outboundSchemas = madeAtFirstRead({
  'Post Submitted': withFields({
    executionName: z.string(),
    repeated: optionalBoolean(),
    suggestions: suggestions(),
  }),
  'Post Submission Rejected': withFields({ errors: z.array(problem) }),
  'Policy Checked': withFields({
    outcome: z.enum(POLICY_OUTCOMES),
    findings: z.array(finding),
    policyVersion: optionalInteger(),
  }),
  'Review Requested': withFields({
    ...stageFields,
    contentHash: z.string(),
    reviewTimeoutSeconds: z.optional(z.number()),
    approvers: optionalIds(),
    mode: z.optional(z.enum(['any', 'all'])),
  }),
  'Review Reminder': withFields({ ...stageFields, approvers: optionalIds() }),
  'Review Escalated': withFields({ ...stageFields, backupApprovers: optionalIds() }),
  'Review Stage Approved': withFields({ ...stageFields, reviewerId: z.string() }),
  'Review Decision Refused': withFields({ reason: z.string(), errors: z.optional(z.array(problem)) }),
  'Post Approved': withFields({ reviewerId: optionalString(), reviewStartedAt: reviewStart() }),
  'Changes Requested': withFields({ reviewerId: optionalString(), reviewStartedAt: reviewStart() }),
  'Post Rejected': withFields({ reviewerId: optionalString(), reviewStartedAt: reviewStart() }),
  'Post Expired': withFields({ scheduledAt: z.string() }),
  'Post Scheduled': withFields({ scheduledAt: z.string() }),
  'Post Rescheduled': withFields({ from: z.string(), scheduledAt: z.string(), suggestions: suggestions() }),
  'Reschedule Refused': withFields({ reason: z.string(), errors: z.optional(z.array(problem)) }),
  'Post Edited': withFields({ previousRevision: integer(), contentChanged: z.boolean() }),
  'Post Cancelled': withFields({ fromStatus: z.string(), requestedBy: z.string() }),
  'Post Published': withFields({ status: z.string(), publishedAt: optionalString() }),
  'Channel Publish Failed': withFields({ channel: z.string(), error: z.string() }),
  'Channel Publish Corrected': withFields({ channel: z.string(), externalId: z.string(), url: z.string() }),
  'Channel Needs Reconnect': withFields({ channel: optionalString() }),
  'Metrics Collected': withFields({ round: integer(), at: z.string() }),
  'Post Completed': withFields({ status: z.string(), roundsCollected: optionalInteger() }),
  'Post Failed': withFields({ error: optionalString() }),
  'Brand Profile Updated': withFields({ version: integer() }),
  'Brand Profile Rejected': withFields({ errors: z.array(problem) }),
  'Conversion Attributed': withFields({
    conversionId: z.string(),
    channel: z.string(),
    kind: z.string(),
    repeated: optionalBoolean(),
  }),
  'Report Ready': withFields({
    period: z.string(),
    bucket: z.string(),
    objects: z
      .record(z.string(), z.string())
      .check(z.describe('The object key of each format: html, md, csv.')),
    generatedAt: z.string(),
  }),
  'Feedback Recorded': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    source: z.enum(['platform', 'integrator']),
    category: z.enum(feedbackCategories),
    rule: z.looseObject({ kind: z.string(), term: optionalString(), fromProfile: optionalBoolean() }),
    dueAt: z.optional(
      z.string().check(z.describe('When a first response is due, in business hours; absent without an SLA.')),
    ),
  }),
  'Feedback Spike Detected': withFields({
    hour: z.string(),
    urgentInHour: integer(),
    baselinePerHour: z.number(),
    factor: z.number(),
  }),
  'Feedback Response Due': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    category: z.enum(feedbackCategories),
    dueAt: z.string().check(z.describe('When the first response is due, in business hours.')),
    businessSecondsLeft: integer(),
  }),
  'Feedback Escalated': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    category: z.enum(feedbackCategories),
    dueAt: z.string(),
    escalatedAt: z.string().check(z.describe('When the unanswered item was escalated.')),
  }),
  'Feedback Reply Requested': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z
      .string()
      .check(z.describe('The hash of the reply text: an approval must name it (an edit voids it).')),
    requestedBy: z.string(),
  }),
  'Feedback Reply Approved': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z.string(),
    approvedBy: z.string().check(z.describe('The approver, or the writer when no approval was needed.')),
  }),
  'Feedback Reply Rejected': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z.string(),
    rejectedBy: z.string(),
  }),
  'Feedback Replied': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    externalId: z.string(),
    url: z.string(),
    responseSeconds: integer(),
  }),
  'Feedback Reply Failed': withFields({ feedbackId: z.string(), channel: z.string(), error: z.string() }),
  'Feedback Moderated': withFields({
    feedbackId: z.string(),
    channel: z.string(),
    action: z.enum(['hide', 'spam']),
    moderatedBy: z.string(),
    hidden: z.boolean(),
  }),
  'Inbound Event Rejected': withFields({
    eventId: z.string().check(z.describe('The id EventBridge gave the refused event.')),
    detailType: z.string(),
    source: z.string(),
    errors: z
      .array(problem)
      .check(z.describe('Each broken rule, naming the field; never quotes the detail.')),
  }),
});

export type OutboundDetailType = keyof typeof outboundSchemas;
