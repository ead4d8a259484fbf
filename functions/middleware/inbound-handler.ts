import middy, { type MiddlewareObj } from '@middy/core';
import { withCorrelation } from '../aws/correlation.js';
import { echoedRevision } from '../contract/inbound.js';
import { boundProblems, detailFields, problem } from '../contract/problems.js';
import { inboundContractFields, SUPPORTED_SCHEMA_VERSIONS } from '../contract/version.js';
import type { InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import {
  findProcessedEvent,
  recordProcessedEvent,
  recordRejectedEvent,
} from '../persistence/inbound-events.js';
import { withProvenance } from '../persistence/provenance.js';
import { integratorBrandProblem } from './integrator-brands.js';
import { logErrors } from './log-errors.js';
import { parseInput } from './parse-input.js';
import { type EventBridgeEnvelope, eventBridgeEnvelope } from './schemas.js';

/** What an inbound handler answers when it refuses an event: errors, or one reason. */
type Outcome = { status?: string; errors?: InputProblem[]; reason?: string; rule?: string } | undefined;

/** What an envelope field may hold in a rejection record: AWS sets these, but a direct invocation may not. */
const MAX_ENVELOPE_FIELD = 256;

type Request = middy.Request<EventBridgeEnvelope, unknown>;

const detailOf = (event: EventBridgeEnvelope) => detailFields(event.detail);

/** The sender's correlation id when it is a valid one, else the event's id. */
export function correlationOf(event: EventBridgeEnvelope): string {
  const given = inboundContractFields.correlationId.safeParse(detailOf(event).correlationId);
  return given.success && given.data ? given.data : (event.id ?? 'unknown').slice(0, 128);
}

/**
 * EventBridge delivers at least once: an event id seen before is answered with its first
 * outcome and nothing runs again. An event without an id (a direct invocation) always runs.
 */
export function deduplicateInbound(): MiddlewareObj<EventBridgeEnvelope> {
  return {
    before: async (request) => {
      if (!request.event.id) return;
      const seen = await findProcessedEvent(request.event.id);
      if (seen) return { status: 'duplicate-event', eventId: seen.eventId, first: seen.result };
    },
    after: async (request) => {
      if (!request.event.id) return;
      await recordProcessedEvent({
        eventId: request.event.id,
        detailType: request.event['detail-type'],
        processedAt: new Date().toISOString(),
        result: request.response ?? null,
      });
    },
  };
}

/**
 * Refuses a detail whose contract fields are wrong (an unsupported `schemaVersion`, a
 * malformed `correlationId`) before the handler runs, and records every refusal, the
 * handler's own included: an item an operator can list, a `warn` log line, and an
 * `Inbound Event Rejected` event to the sender. Neither quotes the detail.
 */
export function recordRejections(): MiddlewareObj<EventBridgeEnvelope> {
  return {
    before: async (request) => {
      const errors = contractProblems(detailOf(request.event));
      if (errors.length === 0) return;
      const response = { status: 'rejected', errors };
      await reject(request as Request, errors);
      return response;
    },
    after: async (request) => {
      const outcome = request.response as Outcome;
      if (outcome?.status === 'rejected' && outcome.errors) await reject(request as Request, outcome.errors);
      if (outcome?.status === 'refused' && (outcome.errors?.length || outcome.reason)) {
        await reject(
          request as Request,
          outcome.errors?.length ? outcome.errors : [problem('(event)', 'refused', outcome.reason ?? '')],
        );
      }
    },
  };
}

function contractProblems(detail: Record<string, unknown>): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!inboundContractFields.schemaVersion.safeParse(detail.schemaVersion).success) {
    problems.push({
      field: 'schemaVersion',
      rule: 'supported-version',
      message: `must be one of ${SUPPORTED_SCHEMA_VERSIONS.map((v) => `"${v}"`).join(', ')}`,
    });
  }
  const correlation = inboundContractFields.correlationId.safeParse(detail.correlationId);
  if (!correlation.success) {
    problems.push({
      field: 'correlationId',
      rule: 'format',
      message: 'must be 1-128 printable ASCII characters without spaces',
    });
  }
  return problems;
}

async function reject(request: Request, problems: InputProblem[]): Promise<void> {
  const { event } = request;
  // Bounded whatever the input: the record fits a DynamoDB item and the event an EventBridge entry.
  const errors = boundProblems(problems);
  const envelopeField = (value: string | undefined, fallback: string) =>
    (value ?? fallback).slice(0, MAX_ENVELOPE_FIELD);
  const detail = detailOf(event);
  const rejectedAt = new Date().toISOString();
  const correlationId = correlationOf(event);
  const rejected = {
    eventId: envelopeField(event.id, 'unknown'),
    detailType: envelopeField(event['detail-type'], ''),
    source: envelopeField(event.source, 'unknown'),
    correlationId,
    rejectedAt,
    errors,
  };
  const id = (value: unknown) => (typeof value === 'string' ? value.slice(0, 64) : '');
  const recorded = await recordRejectedEvent(rejected, [
    {
      type: OutboundEvent.InboundEventRejected,
      detail: {
        postId: id(detail.postId),
        revision: echoedRevision(detail.revision),
        brandId: id(detail.brandId),
        occurredAt: rejectedAt,
        correlationId,
        eventId: rejected.eventId,
        detailType: rejected.detailType,
        source: rejected.source,
        errors,
      },
    },
  ]);
  // A redelivery of an event already refused: recorded, logged and announced the first time.
  if (recorded)
    console.warn(JSON.stringify({ level: 'warn', message: 'inbound event rejected', ...rejected }));
}

/**
 * The Lambda entry of an inbound event handler: PII-free error logging, envelope parsing,
 * deduplication by event id, rejection recording, and the event's correlation id on every
 * event the handler emits.
 *
 * @example
 * ```ts
 * export const handler = inboundHandler('cancel-post', cancelPost);
 * ```
 */
export function inboundHandler<R>(name: string, run: (event: EventBridgeEnvelope) => Promise<R>) {
  return middy<EventBridgeEnvelope, R>()
    .use(logErrors(name))
    .use(parseInput(eventBridgeEnvelope))
    .use(deduplicateInbound())
    .use(recordRejections())
    .handler((event: EventBridgeEnvelope) =>
      // Whoever the detail names as the actor is only asserted by the sending account and source.
      withProvenance(
        { via: 'bus', account: event.account ?? 'unknown', source: event.source ?? 'unknown' },
        () =>
          withCorrelation(
            correlationOf(event),
            async () => {
              // Answered like the handler's own rejection: recorded, and the sender told.
              const refusal = await integratorBrandProblem(event);
              return refusal ? ({ status: 'rejected', errors: [refusal] } as R) : run(event);
            },
            event.id,
          ),
      ),
    );
}
