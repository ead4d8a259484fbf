import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { writeMetrics } from '../aws/embedded-metrics.js';
import type { StoredEvent } from '../aws/event-bus.js';
import { putOnBus } from '../aws/put-events.js';
import { metricsOfEvent } from '../domain/operational-metrics.js';
import type { DynamoStreamEvent, StreamRecord } from '../middleware/schemas.js';
import { eventKeyOf, OUTBOX_ATTRIBUTE } from '../persistence/outbox.js';

/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_MAX_ENTRIES = 10;

/** What Lambda reads back with `ReportBatchItemFailures`: it retries from the first listed record. */
export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The outbox forwarder: puts the events of every new item of the batch on the bus, in stream
 * order, each with its `eventKey` (derived from the item's key and the event's place in it,
 * so a redelivered record carries the same key). When a put fails it stops and names the
 * first record not fully delivered: Lambda retries from there, so nothing after a failure
 * is skipped, and a record delivered twice carries the same keys.
 *
 * @example
 * ```ts
 * const { batchItemFailures } = await forwardOutbox({ Records: streamRecords });
 * ```
 */
export async function forwardOutbox(event: DynamoStreamEvent): Promise<StreamBatchResponse> {
  const pending = event.Records.flatMap((record) =>
    eventsOf(record).map((stored) => ({ stored, sequenceNumber: record.dynamodb.SequenceNumber })),
  );
  for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const chunk = pending.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    try {
      await putOnBus(chunk.map((entry) => entry.stored));
      // Counted once put: a redelivered record counts again (the alarms tolerate it, docs/operations.md).
      writeMetrics(chunk.flatMap(({ stored }) => metricsOfEvent(stored.detailType, stored.detail)));
    } catch (error) {
      console.warn(
        JSON.stringify({
          level: 'warn',
          message: 'outbox events not put on the bus; the stream delivers them again',
          error: error instanceof Error ? error.name : 'Error',
          undelivered: pending.length - start,
        }),
      );
      return { batchItemFailures: [{ itemIdentifier: (chunk[0] as (typeof chunk)[number]).sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}

/** The events a stream record carries: those of a newly written item with an outbox. */
function eventsOf(record: StreamRecord): StoredEvent[] {
  if (record.eventName !== 'INSERT' || !record.dynamodb.NewImage) return [];
  const raw = record.dynamodb.NewImage[OUTBOX_ATTRIBUTE];
  // Only the outbox is read: the rest of the item is the record's, not the forwarder's.
  const outbox = raw && unmarshall({ outbox: raw } as unknown as Record<string, AttributeValue>).outbox;
  if (!Array.isArray(outbox)) return [];
  const key = unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>);
  return (outbox as StoredEvent[]).map((stored, index) => ({
    detailType: stored.detailType,
    detail: { ...stored.detail, eventKey: eventKeyOf({ pk: key.pk, sk: key.sk }, index) },
  }));
}
