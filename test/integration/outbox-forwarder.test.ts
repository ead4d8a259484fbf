import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/twin-harness.js';

let harness: Harness;
/** The outbox forwarder, invoked in the twin as its role with a batch of stream records. */
let forward: (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  harness = await startHarness();
  forward = harness.handler<typeof import('../../functions/handlers/forward-events.js')>('forward-events');
});
afterAll(() => harness.aws.close());

/** A stream record of a new item carrying `count` events. */
const record = (sequence: string, count: number, eventName = 'INSERT') => ({
  eventName,
  dynamodb: {
    SequenceNumber: sequence,
    Keys: marshall({ pk: `POST#p-${sequence}`, sk: 'LOG#1' }),
    NewImage: marshall({
      pk: `POST#p-${sequence}`,
      sk: 'LOG#1',
      outbox: Array.from({ length: count }, (_, i) => ({
        detailType: 'Post Cancelled',
        detail: {
          postId: `p-${sequence}`,
          revision: 1,
          brandId: 'acme',
          occurredAt: '2030-01-01T00:00:00.000Z',
          n: i,
        },
      })),
    }),
  },
});

describe('the outbox forwarder', () => {
  it('puts every event of new items in order, each with a key derived from its item, and skips updates', async () => {
    // Prepare
    harness.aws.clear();
    // Act
    const result = await forward({ Records: [record('1', 2), record('2', 1, 'MODIFY'), record('3', 1)] });
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const events = harness.aws.events('Post Cancelled');
    expect(events.map((e) => e.detail.postId)).toEqual(['p-1', 'p-1', 'p-3']);
    expect(new Set(events.map((e) => e.detail.eventKey)).size).toBe(3);
  });

  it('gives a redelivered record the same event keys', async () => {
    // Prepare
    harness.aws.clear();
    await forward({ Records: [record('10', 6), record('11', 6)] });
    const firstKeys = harness.aws.events('Post Cancelled').map((e) => e.detail.eventKey);
    harness.aws.clear();
    // Act
    await forward({ Records: [record('10', 6), record('11', 6)] });
    // Assess
    expect(firstKeys).toHaveLength(12);
    expect(harness.aws.events('Post Cancelled').map((e) => e.detail.eventKey)).toEqual(firstKeys);
  });

  it('reports the record of the failing call when PutEvents keeps failing', async () => {
    // Prepare
    harness.aws.clear();
    const outageFrom = harness.twin.apiCalls.length;
    harness.aws.failNext('PutEvents', 10);
    // Act
    const result = await forward({ Records: [record('30', 1), record('31', 1)] });
    harness.aws.failNext('PutEvents', 0);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '30' }]);
    // Every attempt was the one call carrying both records' events, and the twin refused each:
    // nothing reached the bus, so Lambda's retry from record 30 loses nothing and skips nothing.
    const attempts = harness.twin.apiCalls.slice(outageFrom).filter((call) => call.operation === 'PutEvents');
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) {
      expect(attempt.errorCode).toBe('InternalFailure');
      const entries = attempt.request.Entries as { Detail: string }[];
      expect(entries.map((entry) => JSON.parse(entry.Detail).postId)).toEqual(['p-30', 'p-31']);
    }
    expect(harness.aws.events('Post Cancelled')).toEqual([]);
  });
});
