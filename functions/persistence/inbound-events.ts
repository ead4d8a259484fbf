import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import type { InputProblem } from '../domain/errors.js';
import { withoutKeys } from './keys.js';
import { outboxAttribute } from './outbox.js';
import { isConditionFailure, putIfAbsent, queryAll, tableName } from './table.js';

const DAY_SECONDS = 24 * 3600;
/** EventBridge retries a target for at most 24 hours; a week covers that and a manual replay soon after. */
const PROCESSED_TTL_SECONDS = 7 * DAY_SECONDS;
const REJECTED_TTL_SECONDS = 90 * DAY_SECONDS;

const processedKey = (eventId: string) => ({ pk: `INBOUND#${eventId}`, sk: 'EVENT' });
/** Marks an event id refused once: a redelivery writes no second record and emits nothing. */
const rejectedKey = (eventId: string) => ({ pk: `INBOUND#${eventId}`, sk: 'REJECTED' });

/** An inbound event already handled: its first outcome. */
export interface ProcessedEvent {
  eventId: string;
  detailType: string;
  processedAt: string;
  result: unknown;
}

/** An inbound event Brandflow refused, as an operator finds it. */
export interface RejectedEvent {
  eventId: string;
  detailType: string;
  source: string;
  correlationId: string;
  rejectedAt: string;
  errors: InputProblem[];
}

/**
 * The first outcome of the inbound event with this id, if it was handled already.
 *
 * @example
 * ```ts
 * const seen = await findProcessedEvent(event.id);
 * ```
 */
export async function findProcessedEvent(eventId: string): Promise<ProcessedEvent | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: processedKey(eventId), ConsistentRead: true }),
  );
  return Item ? (Item as unknown as ProcessedEvent) : undefined;
}

/**
 * Marks an inbound event handled, keeping its outcome for a week. The first write wins: a
 * concurrent redelivery that also ran (handlers are idempotent) does not overwrite it.
 *
 * @example
 * ```ts
 * await recordProcessedEvent({ eventId, detailType: 'Cancel Post', processedAt, result });
 * ```
 */
export async function recordProcessedEvent(event: ProcessedEvent): Promise<void> {
  await putIfAbsent({
    ...processedKey(event.eventId),
    ...event,
    expiresAt: Math.floor(Date.parse(event.processedAt) / 1000) + PROCESSED_TTL_SECONDS,
  });
}

/**
 * Records a refused inbound event under its day, for 90 days: `pk = REJECTED#<yyyy-mm-dd>`,
 * with the `events` telling its sender (the outbox). Idempotent per event id: a redelivery
 * of the same event returns false and writes and emits nothing (an event without an id, a
 * direct invocation, is recorded every time).
 *
 * @example
 * ```ts
 * await recordRejectedEvent({ eventId, detailType, source, correlationId, rejectedAt, errors }, [rejected]);
 * ```
 */
export async function recordRejectedEvent(
  event: RejectedEvent,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  const expiresAt = Math.floor(Date.parse(event.rejectedAt) / 1000) + REJECTED_TTL_SECONDS;
  const record = {
    TableName: tableName(),
    Item: {
      pk: `REJECTED#${event.rejectedAt.slice(0, 10)}`,
      sk: `${event.rejectedAt}#${event.eventId}`,
      ...event,
      ...outboxAttribute(events),
      expiresAt,
    },
  };
  const guard =
    event.eventId === 'unknown'
      ? []
      : [
          {
            Put: {
              TableName: tableName(),
              Item: { ...rejectedKey(event.eventId), rejectedAt: event.rejectedAt, expiresAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ];
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: [...guard, { Put: record }] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The inbound events refused on a UTC day (`yyyy-mm-dd`), oldest first.
 *
 * @example
 * ```ts
 * const today = await listRejectedEvents(new Date().toISOString().slice(0, 10));
 * ```
 */
export async function listRejectedEvents(day: string): Promise<RejectedEvent[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `REJECTED#${day}` },
  });
  return items.map((item) => {
    const { expiresAt: _ttl, ...rest } = withoutKeys<Record<string, unknown>>(item);
    return rest as unknown as RejectedEvent;
  });
}
