/*
 * The shapes of the Lambda events that come from AWS rather than from the state machine: the
 * EventBridge envelope, the table's stream batch and a report schedule's input. The task
 * payloads the state machine hands its functions are the workflow's contract
 * (workflows/contract.ts).
 */
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
