import type { OutboundEntry } from '../aws/event-bus.js';
import { keys, withoutKeys } from './keys.js';
import { outboxAttribute } from './outbox.js';
import { putIfAbsent, queryAll } from './table.js';

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
  return putIfAbsent({
    ...keys.conversion(conversion.postId, conversion.conversionId),
    ...conversion,
    ...outboxAttribute(events),
  });
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
