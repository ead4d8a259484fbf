import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundEvent } from '../../functions/domain/events.js';
import { createTestTable } from '../support/dynamodb.js';

let outbox: typeof import('../../functions/persistence/outbox.js');

beforeAll(async () => {
  await createTestTable();
  // The persistence clients read the table's name from the environment the table set.
  outbox = await import('../../functions/persistence/outbox.js');
});
afterAll(async () => {
  const { dynamo } = await import('../../functions/aws/dynamodb.js');
  dynamo.destroy();
});

const base = { postId: 'p-emit', revision: 1, brandId: 'acme', occurredAt: '2030-01-01T00:00:00.000Z' };

describe('emit()', () => {
  it('writes a detail that matches its catalog schema', async () => {
    // Act
    const written = await outbox.emit({
      type: 'Post Failed' as OutboundEvent,
      detail: { ...base, error: 'Lambda.Unknown' },
    });

    // Assess
    expect(written).toBe(true);
    const stored = await outbox.listStandaloneEvents('Post Failed');
    expect(stored.map((event) => event.detail.error)).toEqual(['Lambda.Unknown']);
  });

  it('throws on a detail that does not match, naming the event and the field, and writes none of the batch', async () => {
    // Prepare: the first entry is valid, the second is not.
    const entries = [
      {
        type: 'Metrics Collected' as OutboundEvent,
        detail: { ...base, round: 1, at: '2030-01-02T00:00:00Z' },
      },
      {
        type: 'Metrics Collected' as OutboundEvent,
        detail: { ...base, round: 'second', at: '2030-01-03T00:00:00Z' },
      },
    ];

    // Act
    const emitting = outbox.emit(...entries);

    // Assess
    await expect(emitting).rejects.toMatchObject({
      name: 'OutboundEventMismatchError',
      detailType: 'Metrics Collected',
      problems: [expect.objectContaining({ field: 'round', rule: 'type' })],
    });
    await expect(emitting).rejects.toThrow(/Metrics Collected.*round/);
    expect(await outbox.listStandaloneEvents('Metrics Collected')).toEqual([]);
  });
});
