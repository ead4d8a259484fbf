import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { currentInboundEventId } from '../aws/correlation.js';
import { dynamo } from '../aws/dynamodb.js';
import { type OutboundEntry, type StoredEvent, toStoredEvent } from '../aws/event-bus.js';
import { keys } from './keys.js';
import { assertOutboundDetail } from './outbound-detail.js';
import { putIfAbsent, tableName } from './table.js';

/**
 * The transactional outbox. An item that reports something carries the events that tell it
 * in its `outbox` attribute, written in the same transaction as the change; the table's
 * stream hands every new item to the forwarder (functions/handlers/forward-events.ts), which
 * puts the events on the bus. A handler never calls PutEvents itself, so a crash between the
 * write and the put loses nothing.
 */
export const OUTBOX_ATTRIBUTE = 'outbox';

const DAY_SECONDS = 24 * 3600;
/** The stream keeps records for 24 hours; a standalone outbox item only needs to outlive its dedupe window. */
const STANDALONE_TTL_SECONDS = 7 * DAY_SECONDS;

/**
 * The `outbox` attribute for an item: the events resolved as they will be put.
 *
 * @example
 * ```ts
 * const item = { ...keys.log(postId, at, suffix), ...outboxAttribute([{ type, detail }]) };
 * ```
 */
export function outboxAttribute(entries: readonly OutboundEntry[] = []): { outbox?: StoredEvent[] } {
  return entries.length > 0 ? { [OUTBOX_ATTRIBUTE]: entries.map(toStoredEvent) } : {};
}

/**
 * The id of the `index`th event of the item with this key: the same every time the stream
 * (or a redrive) delivers it, so a consumer deduplicates on it. Carried as `eventKey` in the
 * detail (docs/events.md).
 *
 * @example
 * ```ts
 * eventKeyOf({ pk: 'POST#p-1', sk: 'LOG#2030-01-01T09:00:00.000Z#a1b2c3d4' }, 0); // 32 hex characters
 * ```
 */
export function eventKeyOf(key: { pk: unknown; sk: unknown }, index: number): string {
  return createHash('sha256')
    .update(`${String(key.pk)}\n${String(key.sk)}\n${index}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Emits events that report no change of a post (a refusal, a repeated request, a metric
 * round): one outbox item of their own. Its key is derived from the inbound event being
 * handled (if any) and the events without their time, so a retried or redelivered handler
 * writes it once: returns false when it was already written. Each detail is checked against
 * its catalog schema first ({@link assertOutboundDetail}): one that does not match throws and
 * nothing is written.
 *
 * @example
 * ```ts
 * await emit({ type: OutboundEvent.RescheduleRefused, detail: detailOf(post, { reason }) });
 * ```
 */
export async function emit(...entries: OutboundEntry[]): Promise<boolean> {
  if (entries.length === 0) return false;
  const identity = JSON.stringify([
    currentInboundEventId() ?? '',
    entries.map(({ type, detail: { occurredAt: _at, ...rest } }) => [type, rest]),
  ]);
  return putIfAbsent(outboxItem(identity, entries));
}

/**
 * An outbox item of its own for events that report a change written in the same transaction
 * to an item that already existed (the stream forwards new items only). `identity` names the
 * change, so the same change always gives the same item. Each detail is checked against its
 * catalog schema first ({@link assertOutboundDetail}).
 *
 * @example
 * ```ts
 * const item = outboxItem(`reply-approved\n${feedbackId}\n${hash}`, [{ type: OutboundEvent.FeedbackReplyApproved, detail }]);
 * ```
 */
export function outboxItem(identity: string, entries: readonly OutboundEntry[]): Record<string, unknown> {
  const stored = outboxAttribute(entries);
  for (const event of stored.outbox ?? []) assertOutboundDetail(event.detailType, event.detail);
  return {
    ...outboxKeyOf(identity),
    ...stored,
    expiresAt: Math.floor(Date.now() / 1000) + STANDALONE_TTL_SECONDS,
  };
}

/**
 * The key of the outbox item {@link outboxItem} writes for `identity`.
 *
 * @example
 * ```ts
 * const key = outboxKeyOf(`feedback-escalated.${brandId}.${key}`); // { pk: 'OUTBOX#…', sk: … }
 * ```
 */
export function outboxKeyOf(identity: string): { pk: string; sk: string } {
  return keys.outbox(createHash('sha256').update(identity).digest('hex').slice(0, 40));
}

/**
 * The events of one detail-type written on their own outbox item in the last 7 days (their
 * TTL), for `brandflow status`: a table scan, meant for an operator's occasional look.
 *
 * @example
 * ```ts
 * const reconnects = await listStandaloneEvents('Channel Needs Reconnect');
 * ```
 */
export async function listStandaloneEvents(detailType: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(pk, :outbox)',
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      events.push(
        ...((item[OUTBOX_ATTRIBUTE] ?? []) as StoredEvent[]).filter((e) => e.detailType === detailType),
      );
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}
