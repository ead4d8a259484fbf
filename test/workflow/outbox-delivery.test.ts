import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventKeyOf } from '../../functions/persistence/outbox.js';
import type { LocalBrandflow, LocalBusEvent } from '../../local/runtime.js';
import { seedBrand, startWorkflowRuntime, submitPost, uniqueId, untilReviewRequested } from './support.js';

let runtime: LocalBrandflow;

beforeAll(async () => {
  runtime = await startWorkflowRuntime();
});
afterAll(() => runtime?.stop());

/** The keys of every event the handlers wrote to the outbox for these posts. */
async function writtenEventKeys(postIds: string[]): Promise<string[]> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_DYNAMODB }),
  );
  try {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: runtime.env.TABLE_NAME }));
    return Items.filter((item) => Array.isArray(item.outbox)).flatMap((item) =>
      (item.outbox as { detail: { postId: string } }[]).flatMap((event, index) =>
        postIds.includes(event.detail.postId) ? [eventKeyOf({ pk: item.pk, sk: item.sk }, index)] : [],
      ),
    );
  } finally {
    client.destroy();
  }
}

/** A subscriber that counts: Brandflow's events on the bus, by `eventKey`. */
function delivered(): Map<string, LocalBusEvent[]> {
  const byKey = new Map<string, LocalBusEvent[]>();
  for (const event of runtime.events) {
    if (event.source !== 'brandflow') continue;
    const key = String(event.detail.eventKey);
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  return byKey;
}

/** Waits until every written event has reached the bus. */
async function untilAllDelivered(keys: string[]) {
  for (const key of keys) await runtime.waitForEvent((event) => event.detail.eventKey === key);
}

describe('the outbox', () => {
  it('delivers every event when PutEvents fails after the write: none lost, a redelivery carries the same key', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('outage');
    runtime.faults.failPutEvents(6);
    // Act
    await submitPost(runtime, { postId, brandId, channels });
    await untilReviewRequested(runtime, postId);
    const keys = await writtenEventKeys([postId]);
    await untilAllDelivered(keys);
    // Assess
    const byKey = delivered();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      const copies = byKey.get(key) ?? [];
      expect(copies.length, key).toBeGreaterThanOrEqual(1);
      expect(new Set(copies.map((event) => JSON.stringify(event.detail))).size, key).toBe(1);
    }
  });

  it('delivers every event when the forwarder dies mid-batch: the batch comes again with the same keys', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postIds = Array.from({ length: 6 }, () => uniqueId('crash'));
    runtime.faults.failPutEvents(3);
    runtime.faults.crashForwarder(1, { afterPuts: 1 });
    // Act
    await Promise.all(postIds.map((postId) => submitPost(runtime, { postId, brandId, channels })));
    await Promise.all(postIds.map((postId) => untilReviewRequested(runtime, postId)));
    const keys = await writtenEventKeys(postIds);
    await untilAllDelivered(keys);
    // Assess
    const byKey = delivered();
    const copies = keys.map((key) => byKey.get(key) ?? []);
    expect(copies.every((events) => events.length >= 1)).toBe(true);
    expect(copies.every((events) => new Set(events.map((e) => JSON.stringify(e.detail))).size === 1)).toBe(
      true,
    );
    // The crash came after one put went through: what it had put came again, with the same keys.
    expect(copies.some((events) => events.length > 1)).toBe(true);
  });
});
