import { describe, expect, it } from 'vitest';
import { deliveredByKey, untilAllDelivered, writtenEventKeys } from '../support/counting-subscriber.js';
import { seedBrand, submitPost, uniqueId, untilReviewRequested, useLocalRun } from './support.js';

const runtime = useLocalRun();

describe('the outbox', () => {
  it('delivers every event when PutEvents fails after the write: none lost, a redelivery carries the same key', async () => {
    // Prepare
    const { brandId, channels } = await seedBrand();
    const postId = uniqueId('outage');
    runtime.faults.failNext('PutEvents', 6);
    // Act
    await submitPost(runtime, { postId, brandId, channels });
    await untilReviewRequested(runtime, postId);
    const keys = await writtenEventKeys(runtime, [postId]);
    await untilAllDelivered(runtime, keys);
    // Assess
    const byKey = deliveredByKey(runtime);
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
    runtime.faults.failNext('PutEvents', 3);
    runtime.faults.crashForwarder(1, { afterPuts: 1 });
    // Act
    await Promise.all(postIds.map((postId) => submitPost(runtime, { postId, brandId, channels })));
    await Promise.all(postIds.map((postId) => untilReviewRequested(runtime, postId)));
    const keys = await writtenEventKeys(runtime, postIds);
    await untilAllDelivered(runtime, keys);
    // Assess
    const byKey = deliveredByKey(runtime);
    const copies = keys.map((key) => byKey.get(key) ?? []);
    expect(copies.every((events) => events.length >= 1)).toBe(true);
    expect(copies.every((events) => new Set(events.map((e) => JSON.stringify(e.detail))).size === 1)).toBe(
      true,
    );
    // The crash came after one put went through: what it had put came again, with the same keys.
    expect(copies.some((events) => events.length > 1)).toBe(true);
  });
});
