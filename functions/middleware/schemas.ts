import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { idPattern } from '../contract/inbound.js';
import { reportCadences } from '../domain/report-schedules.js';

/** The EventBridge envelope; the detail is checked by the handler, which answers bad input itself. */
export const eventBridgeEnvelope = z.object({
  'detail-type': z.string().check(z.maxLength(256)),
  source: z.optional(z.string().check(z.maxLength(256))),
  account: z.optional(z.string().check(z.maxLength(256))),
  id: z.optional(z.string().check(z.maxLength(256))),
  detail: z.unknown(),
});
export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;

const id = z.string().check(z.minLength(1), z.maxLength(80));
const revision = z.number().check(z.int(), z.gte(1));

/** Every task's input: the post and the execution that must own it. */
export const taskInput = z.object({ postId: id, executionName: id });

export const requestReviewInput = z.extend(taskInput, {
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  revision,
  reviewTimeoutSeconds: z.optional(z.number()),
});

/** Rate-limit waits already spent by a channel (the workflow counts them). */
const rateLimitWaits = z.optional(z.number().check(z.int(), z.gte(0)));

export const channelTaskInput = z.extend(taskInput, {
  revision,
  channel: z.string().check(z.minLength(1)),
  rateLimitWaits,
});

const stepError = z.object({ Error: z.string(), Cause: z.optional(z.string()) });

export const channelFailureInput = z.extend(channelTaskInput, { error: stepError });

export const publicationInput = z.extend(taskInput, {
  channelOutcomes: z.array(
    z.object({
      channel: z.string(),
      status: z.enum(['published', 'failed']),
      externalId: z.optional(z.string()),
      url: z.optional(z.string()),
      error: z.optional(z.string()),
    }),
  ),
});

export const completionInput = z.extend(taskInput, {
  metricsOutcome: z.union([z.object({ roundsCollected: z.number().check(z.int(), z.gte(0)) }), stepError]),
});

export const workflowFailureInput = z.extend(taskInput, { failure: stepError });

/** One DynamoDB Streams record as Lambda delivers it (images in DynamoDB's attribute-value JSON). */
const streamRecord = z.looseObject({
  eventID: z.optional(z.string()),
  eventName: z.optional(z.enum(['INSERT', 'MODIFY', 'REMOVE'])),
  dynamodb: z.looseObject({
    Keys: z.record(z.string(), z.unknown()),
    NewImage: z.optional(z.record(z.string(), z.unknown())),
    SequenceNumber: z.string(),
  }),
});
export type StreamRecord = z.infer<typeof streamRecord>;

/** A batch of the table's stream records (the outbox forwarder's event). */
export const dynamoStreamEvent = z.object({ Records: z.array(streamRecord) });
export type DynamoStreamEvent = z.infer<typeof dynamoStreamEvent>;

/**
 * What a brand's report schedule hands GenerateReport (functions/reports/schedules.ts):
 * EventBridge Scheduler fills `scheduledAt` with the firing's scheduled time.
 */
export const scheduledReportDetail = z.object({
  brandId: z.string().check(z.regex(idPattern)),
  cadence: z.enum(reportCadences),
  scheduledAt: z.iso.datetime(),
});
export type ScheduledReportDetail = z.infer<typeof scheduledReportDetail>;
