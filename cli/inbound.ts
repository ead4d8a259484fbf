import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type InputProblem, InvalidInputError, PutEventsRefusedError } from '../functions/domain/errors.js';
import type { Connection } from './connection.js';
import { type Progress, pollUntil } from './progress.js';

/** The `source` of events the CLI puts: the rules match on detail-type, this tells operators who sent it. */
export const CLI_SOURCE = 'brandflow.cli';

export { PutEventsRefusedError };

/**
 * Puts one inbound event on the stack's bus as an integrator; returns its event id.
 *
 * @example
 * ```ts
 * const eventId = await putInbound(connection, 'Cancel Post', { postId: 'p-1', requestedBy: { id: 'u-1' } });
 * ```
 */
export async function putInbound(
  connection: Connection,
  detailType: string,
  detail: object,
): Promise<string> {
  const result = await connection.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: connection.target.eventBusName,
          Source: CLI_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  const entry = result.Entries?.[0];
  if (result.FailedEntryCount || !entry?.EventId) {
    throw new PutEventsRefusedError(
      `EventBridge refused the ${detailType} event: ${entry?.ErrorCode ?? 'no event id'} ${entry?.ErrorMessage ?? ''}`.trim(),
      { context: { detailType, errorCode: entry?.ErrorCode } },
    );
  }
  return entry.EventId;
}

/** How a handler answered an inbound event (its first outcome, kept per event id). */
export interface InboundOutcome {
  status?: string;
  [key: string]: unknown;
}

/**
 * Waits until Brandflow has handled the event, and turns a refusal into an error naming the
 * field and the rule, as the handler reported them.
 *
 * @example
 * ```ts
 * const outcome = await waitForHandling(connection, eventId, 'Submit Post', { progress, timeoutMs: 60_000 });
 * ```
 */
export async function waitForHandling(
  connection: Connection,
  eventId: string,
  detailType: string,
  options: { progress: Progress; timeoutMs: number },
): Promise<InboundOutcome> {
  const records = await connection.records();
  const outcome = await pollUntil(
    async () => {
      const processed = await records.findProcessedEvent(eventId);
      return {
        status: `${detailType} ${eventId}: waiting for Brandflow to handle it`,
        done: processed ? ((processed.result ?? {}) as InboundOutcome) : undefined,
      };
    },
    { what: `${detailType} ${eventId} to be handled`, ...options },
  );
  if (outcome.status === 'rejected' && Array.isArray(outcome.errors)) {
    throw new InvalidInputError(outcome.errors as InputProblem[], { context: { eventId, detailType } });
  }
  if (outcome.status === 'refused') {
    throw new InvalidInputError(
      [{ field: '(event)', rule: 'refused', message: String(outcome.reason ?? 'refused by Brandflow') }],
      { context: { eventId, detailType } },
    );
  }
  return outcome;
}
