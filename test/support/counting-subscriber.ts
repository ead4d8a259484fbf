import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eventKeyOf } from '../../functions/persistence/outbox.js';
import type { LocalBrandflow, LocalBusEvent } from '../../local/runtime.js';

/**
 * The keys of every event the handlers wrote to the outbox about these posts: what a
 * subscriber must receive, each once.
 */
export async function writtenEventKeys(runtime: LocalBrandflow, postIds: string[]): Promise<string[]> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  try {
    const keys: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: runtime.env.TABLE_NAME, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        if (!Array.isArray(item.outbox)) continue;
        (item.outbox as { detail: { postId: string } }[]).forEach((event, index) => {
          if (postIds.includes(event.detail.postId))
            keys.push(eventKeyOf({ pk: item.pk, sk: item.sk }, index));
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  } finally {
    client.destroy();
  }
}

/**
 * A subscriber that counts: Brandflow's events on the bus by `eventKey`, the id a redelivery
 * keeps. A consumer deduplicating on it sees each key once.
 */
export function deliveredByKey(runtime: LocalBrandflow): Map<string, LocalBusEvent[]> {
  const byKey = new Map<string, LocalBusEvent[]>();
  for (const event of runtime.events) {
    if (event.source !== 'brandflow') continue;
    const key = String(event.detail.eventKey);
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  return byKey;
}

/** Waits until every written event has reached the bus. */
export async function untilAllDelivered(runtime: LocalBrandflow, keys: string[]): Promise<void> {
  for (const key of keys) await runtime.waitForEvent((event) => event.detail.eventKey === key);
}
