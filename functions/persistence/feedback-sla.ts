import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import type { FeedbackRecord } from './feedback.js';
import { keys, withoutKeys } from './keys.js';
import { outboxItem } from './outbox.js';
import { putIfAbsent, tableName, updateIf } from './table.js';

/** The attribute that marks each SLA event as sent: set once, in the transaction that emits it. */
export type SlaMarker = 'reminderSentAt' | 'escalatedAt';

/**
 * One feedback record by brand and key (strongly consistent), or undefined.
 *
 * @example
 * ```ts
 * const record = await getFeedback('acme', '0123456789abcdef01234567');
 * ```
 */
export async function getFeedback(brandId: string, key: string): Promise<FeedbackRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.feedback(brandId, key), ConsistentRead: true }),
  );
  return Item ? withoutKeys<FeedbackRecord>(Item) : undefined;
}

/**
 * Sets `marker` to `at` on an open record that has not got it yet: one conditional write, not
 * a transaction (the record is in the `calendar` index, so a transaction would pay its table
 * and index writes twice). Returns false when the record was closed or already marked.
 * The event goes out through {@link emitSlaEvent} after it: a repeat of a marked record emits
 * it again, so a crash between the two loses nothing.
 *
 * @example
 * ```ts
 * const marked = await setSlaMarker('acme', key, 'escalatedAt', '2030-01-07T10:00:01Z');
 * ```
 */
export async function setSlaMarker(
  brandId: string,
  key: string,
  marker: SlaMarker,
  at: string,
): Promise<boolean> {
  return updateIf({
    Key: keys.feedback(brandId, key),
    UpdateExpression: 'SET #marker = :at',
    ConditionExpression: 'attribute_exists(pk) AND #status = :open AND attribute_not_exists(#marker)',
    ExpressionAttributeNames: { '#marker': marker, '#status': 'status' },
    ExpressionAttributeValues: { ':at': at, ':open': 'open' },
  });
}

/**
 * Writes the event of a marked record to its own outbox item, named after the record and the
 * marker: whatever the number of attempts, the event goes out once. Returns false when it was
 * written before.
 *
 * @example
 * ```ts
 * await emitSlaEvent('acme', key, 'escalatedAt', escalated);
 * ```
 */
export async function emitSlaEvent(
  brandId: string,
  key: string,
  marker: SlaMarker,
  event: OutboundEntry,
): Promise<boolean> {
  return putIfAbsent(outboxItem(`${marker}.${brandId}.${key}`, [event]));
}
