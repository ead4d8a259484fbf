import type * as z from 'zod/mini';
import { EVENT_SOURCE, InboundEvent, OutboundEvent } from './event-names.js';
import {
  cancelPostSchema,
  conversionRecordedSchema,
  feedbackReceivedSchema,
  generateReportSchema,
  reschedulePostSchema,
  retryPostSchema,
  reviewDecisionSchema,
  submitPostSchema,
  updateBrandProfileSchema,
} from './inbound.js';
import { type OutboundDetailType, outboundSchemas } from './outbound.js';
import { SCHEMA_VERSION } from './version.js';

/** One event of the contract: its schema, what it means, and an example detail that satisfies it. */
export interface ContractEvent {
  detailType: string;
  direction: 'inbound' | 'outbound';
  /** `brandflow` for outbound events; inbound events come from the integrator's own source. */
  source: string;
  summary: string;
  schema: z.ZodMiniType;
  example: Record<string, unknown>;
}

const contract = { schemaVersion: SCHEMA_VERSION, correlationId: 'cms-7f3a' };
const post = {
  postId: 'spring-launch',
  revision: 1,
  brandId: 'aurora',
  occurredAt: '2026-03-02T09:15:00.000Z',
};
const out = (extra: Record<string, unknown>) => ({ ...post, ...extra, ...contract });
const hash = 'a3f1c0de'.repeat(8);
/** An event about one feedback item. */
const feedbackOut = (channel: string, extra: Record<string, unknown>) =>
  out({ feedbackId: 'aurora.0123456789abcdef01234567', channel, ...extra });
/** An event about a whole brand: no post, no revision. */
const brandOut = (extra: Record<string, unknown>) => ({ ...out(extra), postId: '', revision: 0 });

const inbound: ContractEvent[] = [
  {
    detailType: InboundEvent.SubmitPost,
    direction: 'inbound',
    source: 'my.cms',
    summary:
      'A new post, a new revision of one (an edit while it runs, or a resubmission after it ended), or a repeat. Starts the execution `<postId>-r<revision>`.',
    schema: submitPostSchema,
    example: {
      postId: 'spring-launch',
      revision: 1,
      brandId: 'aurora',
      author: { id: 'u-writer-1' },
      contentType: 'text',
      content: { x: { text: 'Spring tea is here. #ad' }, bluesky: { text: 'Spring tea is here.' } },
      promotion: { type: 'organic' },
      scheduledAt: '2026-03-05T09:00:00+01:00',
      timeZone: 'Europe/Paris',
      ...contract,
    },
  },
  {
    detailType: InboundEvent.ReviewDecision,
    direction: 'inbound',
    source: 'my.cms',
    summary:
      "One reviewer approves, rejects or requests changes on the stage waiting (docs/review.md). People use the front door (docs/security.md); the bus takes it only from a decision source a brand admin trusts for the post's brand (the stack account, never an integrator account), and records the reviewer as asserted by that source.",
    schema: reviewDecisionSchema,
    example: {
      postId: 'spring-launch',
      revision: 1,
      decision: 'approve',
      reviewer: { id: 'u-reviewer-1' },
      contentHash: hash,
      ...contract,
    },
  },
  {
    detailType: InboundEvent.CancelPost,
    direction: 'inbound',
    source: 'my.cms',
    summary: 'Stops a post in any status before publication; a repeat changes nothing.',
    schema: cancelPostSchema,
    example: {
      postId: 'spring-launch',
      requestedBy: { id: 'u-writer-1' },
      reason: 'campaign moved',
      ...contract,
    },
  },
  {
    detailType: InboundEvent.ReschedulePost,
    direction: 'inbound',
    source: 'my.cms',
    summary: 'Moves a post to another time before publication.',
    schema: reschedulePostSchema,
    example: {
      postId: 'spring-launch',
      scheduledAt: '2026-03-06T09:00:00+01:00',
      timeZone: 'Europe/Paris',
      requestedBy: { id: 'u-writer-1' },
      ...contract,
    },
  },
  {
    detailType: InboundEvent.RetryPost,
    direction: 'inbound',
    source: 'my.cms',
    summary:
      'Runs a failed post again from the policy check, for a new time; channels already published are not published again.',
    schema: retryPostSchema,
    example: {
      postId: 'spring-launch',
      scheduledAt: '2026-03-06T09:00:00+01:00',
      requestedBy: { id: 'u-brand-manager-1' },
      ...contract,
    },
  },
  {
    detailType: InboundEvent.UpdateBrandProfile,
    direction: 'inbound',
    source: 'my.admin',
    summary:
      "Saves a whole brand profile as a new version (channels, review chain, policy). Brand admins use the front door (docs/security.md); the bus takes it only from a decision source a brand admin trusts as brand admin for the profile's brand (the stack account only).",
    schema: updateBrandProfileSchema,
    example: {
      profile: {
        brandId: 'aurora',
        name: 'Aurora Tea',
        channels: [
          { id: 'x', adapter: 'x', maxLength: 280, account: 'aurora-x' },
          { id: 'bluesky', adapter: 'bluesky', maxLength: 300, account: 'aurora-bluesky' },
        ],
        reviewers: ['u-reviewer-1'],
      },
      expectedVersion: 0,
      updatedBy: { id: 'u-admin-1' },
      ...contract,
    },
  },
  {
    detailType: InboundEvent.ConversionRecorded,
    direction: 'inbound',
    source: 'my.shop',
    summary:
      'A sale, signup or lead attributed to a post; recorded once per `conversionId` beside the post, answered with `Conversion Attributed`.',
    schema: conversionRecordedSchema,
    example: {
      conversionId: 'order-10482',
      postId: 'spring-launch',
      channel: 'x',
      kind: 'purchase',
      value: { amount: 24.5, currency: 'EUR' },
      occurredAt: '2026-03-05T11:42:00+01:00',
      ...contract,
    },
  },
  {
    detailType: InboundEvent.FeedbackReceived,
    direction: 'inbound',
    source: 'my.helpdesk',
    summary:
      'A comment, message or survey answer from a source Brandflow does not read itself; recorded once per `sourceId` as feedback, triaged and answered with `Feedback Recorded` (docs/feedback.md).',
    schema: feedbackReceivedSchema,
    example: {
      brandId: 'aurora',
      sourceId: 'ticket-88231',
      channel: 'email',
      postId: 'spring-launch',
      text: 'My order never arrived, I would like a refund.',
      author: 'customer-4410',
      receivedAt: '2026-03-05T11:42:00+01:00',
      ...contract,
    },
  },
  {
    detailType: InboundEvent.GenerateReport,
    direction: 'inbound',
    source: 'my.admin',
    summary:
      "Builds a brand's analysis report for an ISO week or a month and stores it (HTML, Markdown, CSV); answered with `Report Ready` (docs/reports.md).",
    schema: generateReportSchema,
    example: { brandId: 'aurora', period: '2026-W48', requestedBy: { id: 'u-admin-1' }, ...contract },
  },
];

const outboundExamples: Record<OutboundDetailType, { summary: string; example: Record<string, unknown> }> = {
  [OutboundEvent.PostSubmitted]: {
    summary: 'A submission was accepted and its execution started.',
    example: out({ executionName: 'spring-launch-r1' }),
  },
  [OutboundEvent.PostSubmissionRejected]: {
    summary: 'A submission broke a rule; nothing was stored.',
    example: out({ errors: [{ field: 'scheduledAt', rule: 'in-future', message: 'must be in the future' }] }),
  },
  [OutboundEvent.PolicyChecked]: {
    summary: "The brand policy ran over every channel's text (docs/policy.md).",
    example: out({ outcome: 'pass', findings: [], policyVersion: 3 }),
  },
  [OutboundEvent.ReviewRequested]: {
    summary: 'A review stage waits for decisions; send `Review Decision` with its `contentHash`.',
    example: out({ stage: 'review', stageNumber: 1, stageCount: 1, mode: 'any', contentHash: hash }),
  },
  [OutboundEvent.ReviewReminder]: {
    summary: "A stage's reminder time passed without a decision.",
    example: out({ stage: 'review', approvers: ['u-reviewer-1'] }),
  },
  [OutboundEvent.ReviewEscalated]: {
    summary: "A stage's escalation time passed: its backup approvers may decide.",
    example: out({ stage: 'review', backupApprovers: ['u-lead-1'] }),
  },
  [OutboundEvent.ReviewStageApproved]: {
    summary: 'An approval was recorded on a stage of a multi-stage review.',
    example: out({ stage: 'brand', reviewerId: 'u-reviewer-1', stagePassed: true, nextStage: 'legal' }),
  },
  [OutboundEvent.ReviewDecisionRefused]: {
    summary: 'A decision could not be applied; nothing changed.',
    example: out({
      reason: 'the reviewer wrote the post and cannot review it',
      errors: [
        {
          field: 'reviewer.id',
          rule: 'review-chain',
          message: 'the reviewer wrote the post and cannot review it',
        },
      ],
    }),
  },
  [OutboundEvent.PostApproved]: {
    summary: 'The last stage approved the post.',
    example: out({ decision: 'approve', reviewerId: 'u-reviewer-1', stage: 'review' }),
  },
  [OutboundEvent.ChangesRequested]: {
    summary: 'A reviewer sent the post back to its author.',
    example: out({ decision: 'request_changes', reviewerId: 'u-reviewer-1', stage: 'review' }),
  },
  [OutboundEvent.PostRejected]: {
    summary: 'A reviewer rejected the post; its execution ends.',
    example: out({ decision: 'reject', reviewerId: 'u-reviewer-1', stage: 'review' }),
  },
  [OutboundEvent.PostExpired]: {
    summary: 'The scheduled time passed before the review ended.',
    example: out({ scheduledAt: '2026-03-05T08:00:00.000Z' }),
  },
  [OutboundEvent.PostScheduled]: {
    summary: 'The approved post waits for its time.',
    example: out({ scheduledAt: '2026-03-05T08:00:00.000Z' }),
  },
  [OutboundEvent.PostRescheduled]: {
    summary: 'The post moved to another time.',
    example: out({ from: '2026-03-05T08:00:00.000Z', scheduledAt: '2026-03-06T08:00:00.000Z' }),
  },
  [OutboundEvent.RescheduleRefused]: {
    summary: 'A reschedule could not be applied; nothing changed.',
    example: out({
      reason: 'the post cannot be rescheduled: it is publishing',
      errors: [
        { field: 'postId', rule: 'cancellable', message: 'the post cannot be rescheduled: it is publishing' },
      ],
    }),
  },
  [OutboundEvent.PostEdited]: {
    summary: 'A new revision replaced the content while the execution runs.',
    example: out({ revision: 2, previousRevision: 1, contentChanged: true, status: 'submitted' }),
  },
  [OutboundEvent.PostCancelled]: {
    summary: 'The post was cancelled before publication.',
    example: out({ fromStatus: 'in_review', requestedBy: 'u-writer-1' }),
  },
  [OutboundEvent.PostPublished]: {
    summary: 'Publishing ended: on every channel, some, or none.',
    example: out({ status: 'published', publishedAt: '2026-03-05T08:00:04.000Z' }),
  },
  [OutboundEvent.ChannelPublishFailed]: {
    summary: 'One channel refused the post for good.',
    example: out({ channel: 'bluesky', error: 'ChannelPermanentError' }),
  },
  [OutboundEvent.ChannelPublishCorrected]: {
    summary:
      'A channel reported failed after a call that may have reached the platform was found published: it counts as published from now on.',
    example: out({
      channel: 'x',
      externalId: '1899000000000000000',
      url: 'https://x.com/i/web/status/1899000000000000000',
    }),
  },
  [OutboundEvent.ChannelNeedsReconnect]: {
    summary: "A channel account's credentials were refused: an operator must connect it again.",
    example: out({ channel: 'x' }),
  },
  [OutboundEvent.FeedbackRecorded]: {
    summary:
      'A reply or comment under a post was recorded, triaged, with its first response due in business hours; never its text or author.',
    example: feedbackOut('mastodon', {
      source: 'platform',
      category: 'complaint',
      rule: { kind: 'term', term: 'refund', fromProfile: false },
      dueAt: '2026-03-05T13:00:00Z',
    }),
  },
  [OutboundEvent.FeedbackSpikeDetected]: {
    summary:
      "Complaints and crisis-risk items in the last hour are well above the brand's hourly baseline of the week before.",
    example: out({ hour: '2026-03-05T09:00:00Z', urgentInHour: 14, baselinePerHour: 0.4, factor: 3 }),
  },
  [OutboundEvent.FeedbackResponseDue]: {
    summary:
      'An open feedback item has used three quarters of its response target in business hours; sent once, never for a closed item.',
    example: {
      ...feedbackOut('mastodon', {
        category: 'complaint',
        dueAt: '2026-03-05T13:00:00Z',
        businessSecondsLeft: 3600,
      }),
      revision: 0,
    },
  },
  [OutboundEvent.FeedbackEscalated]: {
    summary:
      "An open feedback item's first response is overdue: escalated once, and `escalatedAt` set on its record.",
    example: {
      ...feedbackOut('mastodon', {
        category: 'complaint',
        dueAt: '2026-03-05T13:00:00Z',
        escalatedAt: '2026-03-05T13:00:02Z',
      }),
      revision: 0,
    },
  },
  [OutboundEvent.FeedbackReplyRequested]: {
    summary:
      'A reply to feedback waits for an approver of the brand, who approves or rejects it naming its `contentHash`; never its text.',
    example: feedbackOut('mastodon', {
      contentHash: hash,
      requestedBy: 'support-1',
    }),
  },
  [OutboundEvent.FeedbackReplyApproved]: {
    summary: 'A reply to feedback may go out (approved, or needing no approval): it is published once.',
    example: feedbackOut('mastodon', {
      contentHash: hash,
      approvedBy: 'brand-manager-1',
    }),
  },
  [OutboundEvent.FeedbackReplyRejected]: {
    summary: 'An approver refused a reply to feedback; nothing was sent and the feedback stays open.',
    example: feedbackOut('mastodon', {
      contentHash: hash,
      rejectedBy: 'brand-manager-1',
    }),
  },
  [OutboundEvent.FeedbackReplied]: {
    summary:
      'A reply was published on the platform, once, and its feedback record closed with the first-response time.',
    example: feedbackOut('mastodon', {
      externalId: '109877',
      url: 'https://mastodon.example/@aurora/109877',
      responseSeconds: 5400,
    }),
  },
  [OutboundEvent.FeedbackReplyFailed]: {
    summary: 'The platform refused a reply for good; the feedback stays open for another reply.',
    example: feedbackOut('mastodon', {
      error: 'Mastodon answered 422: the status it answers was deleted',
    }),
  },
  [OutboundEvent.FeedbackModerated]: {
    summary:
      'A feedback item was hidden on its platform (where the platform allows) or marked spam and closed, once.',
    example: feedbackOut('x', {
      action: 'hide',
      moderatedBy: 'editor-1',
      hidden: true,
    }),
  },
  [OutboundEvent.MetricsCollected]: {
    summary: 'One metrics round was read from every published channel.',
    example: out({ round: 1, at: '2026-03-05T09:00:04.000Z', metrics: [] }),
  },
  [OutboundEvent.PostCompleted]: {
    summary: "The post's lifecycle ended after its metric rounds.",
    example: out({ status: 'completed', roundsCollected: 3, allMetricsRoundsCollected: true }),
  },
  [OutboundEvent.PostFailed]: {
    summary: 'An unexpected failure ended the execution; the post is marked failed.',
    example: out({ error: 'States.TaskFailed' }),
  },
  [OutboundEvent.BrandProfileUpdated]: {
    summary: 'A brand profile was saved as a new version.',
    example: brandOut({ version: 4 }),
  },
  [OutboundEvent.BrandProfileRejected]: {
    summary: 'A brand profile broke a rule; nothing was saved.',
    example: brandOut({
      errors: [
        {
          field: 'profile.policy.links.utm',
          rule: 'one-of',
          message: 'Invalid option: expected one of "off"|"require"',
        },
      ],
    }),
  },
  [OutboundEvent.ConversionAttributed]: {
    summary: 'A `Conversion Recorded` was stored beside its post (`repeated` for a redelivery).',
    example: out({ conversionId: 'order-10482', channel: 'x', kind: 'purchase' }),
  },
  [OutboundEvent.ReportReady]: {
    summary: 'A brand report was stored in the reports bucket; `objects` holds the key of each format.',
    example: brandOut({
      period: '2026-W48',
      bucket: 'brandflow-reports',
      objects: {
        html: 'reports/aurora/2026-W48/report.html',
        md: 'reports/aurora/2026-W48/report.md',
        csv: 'reports/aurora/2026-W48/report.csv',
      },
      generatedAt: '2026-11-30T06:00:02.000Z',
    }),
  },
  [OutboundEvent.InboundEventRejected]: {
    summary:
      'An inbound event broke the contract or was refused. It is recorded for operators (docs/events.md#rejected-events) and nothing changed.',
    example: out({
      eventId: '8f1c2a4e-2b51-4c8e-9d0a-5b7e3f9a1c20',
      detailType: InboundEvent.CancelPost,
      source: 'my.cms',
      errors: [{ field: 'requestedBy.id', rule: 'required', message: 'is required' }],
    }),
  },
};

/**
 * Every event of the contract, inbound first, in the order docs/events.md lists them.
 *
 * @example
 * ```ts
 * const submit = contractEvents.find((e) => e.detailType === 'Submit Post');
 * submit?.schema.parse(submit.example);
 * ```
 */
export const contractEvents: readonly ContractEvent[] = [
  ...inbound,
  ...Object.entries(outboundExamples).map(([detailType, { summary, example }]) => ({
    detailType,
    direction: 'outbound' as const,
    source: EVENT_SOURCE,
    summary,
    schema: outboundSchemas[detailType as OutboundDetailType],
    example,
  })),
];
