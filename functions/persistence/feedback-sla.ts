import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import type { FeedbackRecord } from './feedback.js';
import { keys, withoutKeys } from './keys.js';
import { outboxItem } from './outbox.js';
import { tableName, transactOnce } from './table.js';

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
 * Sets `marker` to `at` on an open record that has not got it yet, and writes `event` to an
 * outbox item of its own in the same transaction: the event goes out once whatever the number
 * of attempts, and never for a record closed by a reply. Returns false when the record was
 * closed or already marked (nothing written).
 *
 * @example
 * ```ts
 * const sent = await markSlaEvent('acme', key, 'escalatedAt', '2030-01-07T10:00:01Z', escalated);
 * ```
 */
export async function markSlaEvent(
  brandId: string,
  key: string,
  marker: SlaMarker,
  at: string,
  event: OutboundEntry,
): Promise<boolean> {
  return transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.feedback(brandId, key),
        UpdateExpression: 'SET #marker = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status = :open AND attribute_not_exists(#marker)',
        ExpressionAttributeNames: { '#marker': marker, '#status': 'status' },
        ExpressionAttributeValues: { ':at': at, ':open': 'open' },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: outboxItem(`${marker}.${brandId}.${key}`, [event]),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}
