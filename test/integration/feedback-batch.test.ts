import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackCategory } from '../../functions/domain/feedback.js';
import { createTestTable } from '../support/dynamodb.js';

type Feedback = typeof import('../../functions/persistence/feedback.js');
type Keys = typeof import('../../functions/persistence/keys.js');
let feedback: Feedback;
let keys: Keys['keys'];
let raw: DynamoDBDocumentClient;
let counter = 0;

beforeAll(async () => {
  await createTestTable();
  [feedback, { keys }] = await Promise.all([
    import('../../functions/persistence/feedback.js'),
    import('../../functions/persistence/keys.js'),
  ]);
  raw = DynamoDBDocumentClient.from(new DynamoDBClient({}));
});
afterAll(() => raw?.destroy());

const COLLECTED_AT = '2030-01-01T09:30:00.000Z';

/** A new item of one round: a reply on `channel` of `postId`, in `category`. */
function item(
  brandId: string,
  postId: string,
  channel: string,
  platformId: string,
  category: FeedbackCategory,
) {
  const feedbackId = feedback.feedbackIdOf(brandId, channel, platformId);
  return {
    record: {
      feedbackId,
      brandId,
      postId,
      channel,
      platformId,
      source: 'platform' as const,
      createdAt: '2030-01-01T09:00:00Z',
      collectedAt: COLLECTED_AT,
      category,
      rule: { kind: 'none' as const },
      status: 'open' as const,
    },
    text: { feedbackId, text: `reply ${platformId}`, expiresAt: 1_900_000_000 },
  };
}

/** A brand and post of their own per test: counts start at zero. */
function freshPost() {
  counter += 1;
  const brandId = `batch-${counter}-${Date.now()}`;
  return { brandId, postId: `${brandId}-post` };
}

const postCounts = async (postId: string) =>
  feedback.feedbackCountsOf(
    (
      await raw.send(
        new GetCommand({ TableName: process.env.TABLE_NAME, Key: keys.postFeedbackCounts(postId) }),
      )
    ).Item,
  );

describe("a round's new feedback items stored together", () => {
  it('stores every item with its text and moves the hour and post counts by exactly the items stored', async () => {
    // Prepare
    const { brandId, postId } = freshPost();
    const round = [
      item(brandId, postId, 'social', 'a', 'complaint'),
      item(brandId, postId, 'micro', 'b', 'praise'),
      item(brandId, postId, 'video', 'c', 'complaint'),
    ];

    // Act
    const stored = await feedback.putFeedbackBatch(round);

    // Assess
    expect([...stored].sort()).toEqual(round.map((r) => r.record.feedbackId).sort());
    expect((await feedback.listFeedback(brandId)).map((r) => r.platformId).sort()).toEqual(['a', 'b', 'c']);
    expect(await postCounts(postId)).toEqual({ complaint: 2, praise: 1 });
    expect(await feedback.listFeedbackHours(brandId, '2030-01-01T09', '2030-01-01T09')).toEqual([
      { hour: '2030-01-01T09', total: 3, urgent: 2 },
    ]);
  });

  it('counts once an item an overlapping attempt stored already, and stores the others of its round', async () => {
    // Prepare: an overlapping attempt stored `a` between this round's read and its write.
    const { brandId, postId } = freshPost();
    const a = item(brandId, postId, 'social', 'a', 'question');
    await feedback.putFeedback(a.record, a.text);
    const round = [
      a,
      item(brandId, postId, 'social', 'b', 'question'),
      item(brandId, postId, 'micro', 'c', 'other'),
    ];

    // Act
    const stored = await feedback.putFeedbackBatch(round);
    const again = await feedback.putFeedbackBatch(round);

    // Assess
    expect([...stored].sort()).toEqual([round[1], round[2]].map((r) => r?.record.feedbackId).sort());
    expect(again.size).toBe(0);
    expect(await postCounts(postId)).toEqual({ question: 2, other: 1 });
    expect(await feedback.listFeedbackHours(brandId, '2030-01-01T09', '2030-01-01T09')).toEqual([
      { hour: '2030-01-01T09', total: 3, urgent: 0 },
    ]);
  });

  it('stores a round too big for one transaction in several, each item once', async () => {
    // Prepare
    const { brandId, postId } = freshPost();
    const count = feedback.FEEDBACK_PER_TRANSACTION * 2 + 3;
    const round = Array.from({ length: count }, (_, i) => item(brandId, postId, 'social', `p${i}`, 'praise'));

    // Act
    const stored = await feedback.putFeedbackBatch(round);

    // Assess
    expect(stored.size).toBe(count);
    expect(await postCounts(postId)).toEqual({ praise: count });
    expect((await feedback.listFeedback(brandId)).length).toBe(count);
  });
});
