import type { OutboundEntry } from '../aws/event-bus.js';
import { keys, withoutKeys } from './keys.js';
import { outboxAttribute } from './outbox.js';
import { queryAll, tableName, transactOnce } from './table.js';

/** A conversion attributed to a post (pk `POST#<postId>`, sk `CONVERSION#<conversionId>`). */
export interface ConversionRecord {
  conversionId: string;
  postId: string;
  channel: string;
  kind: string;
  value?: { amount: number; currency: string };
  occurredAt: string;
  recordedAt: string;
}

/**
 * Stores a conversion once per `conversionId`: returns `false` when it was already there.
 *
 * @example
 * ```ts
 * const isNew = await putConversion({ conversionId: 'order-1', postId, channel: 'x', kind: 'purchase', occurredAt, recordedAt });
 * ```
 */
export async function putConversion(
  conversion: ConversionRecord,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  // The conversion and its channel's count change together, so a redelivery counts nothing twice.
  return transactOnce([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.conversion(conversion.postId, conversion.conversionId),
          ...conversion,
          ...outboxAttribute(events),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.conversionCounts(conversion.postId),
        UpdateExpression: 'ADD #channel :one',
        ExpressionAttributeNames: { '#channel': conversion.channel },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ]);
}

/**
 * A post's conversions counted per channel (pk `POST#<postId>`, sk `CONVERSIONS`), from the
 * item {@link putConversion} keeps; `{}` when it has none.
 *
 * @example
 * ```ts
 * conversionCountsOf(item); // { x: 3 }
 * ```
 */
export function conversionCountsOf(item: Record<string, unknown> | undefined): Record<string, number> {
  const { pk: _pk, sk: _sk, ...counts } = item ?? {};
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => typeof n === 'number')) as Record<
    string,
    number
  >;
}

/**
 * A post's conversions, by conversion id.
 *
 * @example
 * ```ts
 * const conversions = await listConversions('spring-launch');
 * ```
 */
export async function listConversions(postId: string): Promise<ConversionRecord[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': keys.post(postId).pk, ':sk': keys.conversionPrefix },
  });
  return items.map((item) => withoutKeys<ConversionRecord>(item));
}
