import { z } from 'zod';
import { outboundContractFields } from './version.js';

/*
 * The outbound half of the contract: the detail of every event Brandflow puts on its bus.
 * Details are open (consumers must ignore fields they do not know) and never carry the post
 * text or people's names: ids, counts, statuses and reasons only.
 */

const problem = z.object({ field: z.string(), rule: z.string(), message: z.string() });

/** What every outbound detail carries. */
export const outboundBase = z.looseObject({
  postId: z.string().describe('The post; empty for events about a brand or an unreadable event.'),
  revision: z.number().int().min(0),
  brandId: z.string(),
  occurredAt: z.iso.datetime().describe('When it happened, UTC.'),
  ...outboundContractFields,
});

const withFields = (shape: z.ZodRawShape) => outboundBase.extend(shape);
const stageFields = {
  stage: z.string().optional(),
  stageNumber: z.number().int().optional(),
  stageCount: z.number().int().optional(),
};
const finding = z.looseObject({
  rule: z.string(),
  severity: z.enum(['block', 'warn']),
  message: z.string(),
  channel: z.string().optional(),
});

/** Outbound detail schemas by detail-type. */
export const outboundSchemas = {
  'Post Submitted': withFields({ executionName: z.string(), repeated: z.boolean().optional() }),
  'Post Submission Rejected': withFields({ errors: z.array(problem) }),
  'Policy Checked': withFields({
    outcome: z.string(),
    findings: z.array(finding),
    policyVersion: z.number().int().optional(),
  }),
  'Review Requested': withFields({
    ...stageFields,
    contentHash: z.string(),
    reviewTimeoutSeconds: z.number().optional(),
    approvers: z.array(z.string()).optional(),
    mode: z.enum(['any', 'all']).optional(),
  }),
  'Review Reminder': withFields({ ...stageFields, approvers: z.array(z.string()).optional() }),
  'Review Escalated': withFields({ ...stageFields, backupApprovers: z.array(z.string()).optional() }),
  'Review Stage Approved': withFields({ ...stageFields, reviewerId: z.string() }),
  'Review Decision Refused': withFields({ reason: z.string() }),
  'Post Approved': withFields({ reviewerId: z.string().optional() }),
  'Changes Requested': withFields({ reviewerId: z.string().optional() }),
  'Post Rejected': withFields({ reviewerId: z.string().optional() }),
  'Post Expired': withFields({ scheduledAt: z.string() }),
  'Post Scheduled': withFields({ scheduledAt: z.string() }),
  'Post Rescheduled': withFields({ from: z.string(), scheduledAt: z.string() }),
  'Reschedule Refused': withFields({ reason: z.string() }),
  'Post Edited': withFields({ previousRevision: z.number().int(), contentChanged: z.boolean() }),
  'Post Cancelled': withFields({ fromStatus: z.string(), requestedBy: z.string() }),
  'Post Published': withFields({ status: z.string(), publishedAt: z.string().optional() }),
  'Channel Publish Failed': withFields({ channel: z.string(), error: z.string() }),
  'Channel Needs Reconnect': withFields({ channel: z.string().optional() }),
  'Metrics Collected': withFields({ round: z.number().int(), at: z.string() }),
  'Post Completed': withFields({ status: z.string(), roundsCollected: z.number().int().optional() }),
  'Post Failed': withFields({ error: z.string().optional() }),
  'Brand Profile Updated': withFields({ version: z.number().int() }),
  'Brand Profile Rejected': withFields({ errors: z.array(problem) }),
  'Conversion Attributed': withFields({
    conversionId: z.string(),
    channel: z.string(),
    kind: z.string(),
    repeated: z.boolean().optional(),
  }),
  'Inbound Event Rejected': withFields({
    eventId: z.string().describe('The id EventBridge gave the refused event.'),
    detailType: z.string(),
    source: z.string(),
    errors: z.array(problem).describe('Each broken rule, naming the field; never quotes the detail.'),
  }),
} as const satisfies Record<string, z.ZodType>;

export type OutboundDetailType = keyof typeof outboundSchemas;
