import * as z from 'zod/mini';
import { OutboundEvent } from './event-names.js';
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
  [OutboundEvent.PostSubmitted]: withFields({
    executionName: z.string(),
    repeated: optionalBoolean(),
    suggestions: suggestions(),
  }),
  [OutboundEvent.PostSubmissionRejected]: withFields({ errors: z.array(problem) }),
  [OutboundEvent.PolicyChecked]: withFields({
    outcome: z.enum(POLICY_OUTCOMES),
    findings: z.array(finding),
    policyVersion: optionalInteger(),
  }),
  [OutboundEvent.ReviewRequested]: withFields({
    ...stageFields,
    contentHash: z.string(),
    reviewTimeoutSeconds: z.optional(z.number()),
    approvers: optionalIds(),
    mode: z.optional(z.enum(['any', 'all'])),
  }),
  [OutboundEvent.ReviewReminder]: withFields({ ...stageFields, approvers: optionalIds() }),
  [OutboundEvent.ReviewEscalated]: withFields({ ...stageFields, backupApprovers: optionalIds() }),
  [OutboundEvent.ReviewStageApproved]: withFields({ ...stageFields, reviewerId: z.string() }),
  [OutboundEvent.ReviewDecisionRefused]: withFields({
    reason: z.string(),
    errors: z.optional(z.array(problem)),
  }),
  [OutboundEvent.PostApproved]: withFields({ reviewerId: optionalString(), reviewStartedAt: reviewStart() }),
  [OutboundEvent.ChangesRequested]: withFields({
    reviewerId: optionalString(),
    reviewStartedAt: reviewStart(),
  }),
  [OutboundEvent.PostRejected]: withFields({ reviewerId: optionalString(), reviewStartedAt: reviewStart() }),
  [OutboundEvent.PostExpired]: withFields({ scheduledAt: z.string() }),
  [OutboundEvent.PostScheduled]: withFields({ scheduledAt: z.string() }),
  [OutboundEvent.PostRescheduled]: withFields({
    from: z.string(),
    scheduledAt: z.string(),
    suggestions: suggestions(),
  }),
  [OutboundEvent.RescheduleRefused]: withFields({ reason: z.string(), errors: z.optional(z.array(problem)) }),
  [OutboundEvent.PostEdited]: withFields({ previousRevision: integer(), contentChanged: z.boolean() }),
  [OutboundEvent.PostCancelled]: withFields({ fromStatus: z.string(), requestedBy: z.string() }),
  [OutboundEvent.PostPublished]: withFields({ status: z.string(), publishedAt: optionalString() }),
  [OutboundEvent.ChannelPublishFailed]: withFields({ channel: z.string(), error: z.string() }),
  [OutboundEvent.ChannelPublishCorrected]: withFields({
    channel: z.string(),
    externalId: z.string(),
    url: z.string(),
  }),
  [OutboundEvent.ChannelNeedsReconnect]: withFields({ channel: optionalString() }),
  [OutboundEvent.MetricsCollected]: withFields({ round: integer(), at: z.string() }),
  [OutboundEvent.PostCompleted]: withFields({ status: z.string(), roundsCollected: optionalInteger() }),
  [OutboundEvent.PostFailed]: withFields({ error: optionalString() }),
  [OutboundEvent.BrandProfileUpdated]: withFields({ version: integer() }),
  [OutboundEvent.BrandProfileRejected]: withFields({ errors: z.array(problem) }),
  [OutboundEvent.ConversionAttributed]: withFields({
    conversionId: z.string(),
    channel: z.string(),
    kind: z.string(),
    repeated: optionalBoolean(),
  }),
  [OutboundEvent.ReportReady]: withFields({
    period: z.string(),
    bucket: z.string(),
    objects: z
      .record(z.string(), z.string())
      .check(z.describe('The object key of each format: html, md, csv.')),
    generatedAt: z.string(),
  }),
  [OutboundEvent.FeedbackRecorded]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    source: z.enum(['platform', 'integrator']),
    category: z.enum(feedbackCategories),
    rule: z.looseObject({ kind: z.string(), term: optionalString(), fromProfile: optionalBoolean() }),
    dueAt: z.optional(
      z.string().check(z.describe('When a first response is due, in business hours; absent without an SLA.')),
    ),
  }),
  [OutboundEvent.FeedbackSpikeDetected]: withFields({
    hour: z.string(),
    urgentInHour: integer(),
    baselinePerHour: z.number(),
    factor: z.number(),
  }),
  [OutboundEvent.FeedbackResponseDue]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    category: z.enum(feedbackCategories),
    dueAt: z.string().check(z.describe('When the first response is due, in business hours.')),
    businessSecondsLeft: integer(),
  }),
  [OutboundEvent.FeedbackEscalated]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    category: z.enum(feedbackCategories),
    dueAt: z.string(),
    escalatedAt: z.string().check(z.describe('When the unanswered item was escalated.')),
  }),
  [OutboundEvent.FeedbackReplyRequested]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z
      .string()
      .check(z.describe('The hash of the reply text: an approval must name it (an edit voids it).')),
    requestedBy: z.string(),
  }),
  [OutboundEvent.FeedbackReplyApproved]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z.string(),
    approvedBy: z.string().check(z.describe('The approver, or the writer when no approval was needed.')),
  }),
  [OutboundEvent.FeedbackReplyRejected]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    contentHash: z.string(),
    rejectedBy: z.string(),
  }),
  [OutboundEvent.FeedbackReplied]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    externalId: z.string(),
    url: z.string(),
    responseSeconds: integer(),
  }),
  [OutboundEvent.FeedbackReplyFailed]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    error: z.string(),
  }),
  [OutboundEvent.FeedbackModerated]: withFields({
    feedbackId: z.string(),
    channel: z.string(),
    action: z.enum(['hide', 'spam']),
    moderatedBy: z.string(),
    hidden: z.boolean(),
  }),
  [OutboundEvent.InboundEventRejected]: withFields({
    eventId: z.string().check(z.describe('The id EventBridge gave the refused event.')),
    detailType: z.string(),
    source: z.string(),
    errors: z
      .array(problem)
      .check(z.describe('Each broken rule, naming the field; never quotes the detail.')),
  }),
} satisfies Record<OutboundEvent, () => z.ZodMiniType>);

export type OutboundDetailType = keyof typeof outboundSchemas;
