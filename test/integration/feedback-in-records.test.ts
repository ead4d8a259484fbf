import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { periodLabel } from '../../functions/domain/periods.js';
import { seedPublishedPosts } from '../support/report-seed.js';
import { envelope, newPostId } from '../support/twin-harness.js';
import { useFeedbackReceiver } from './feedback-receiver.js';

const receiver = useFeedbackReceiver();
let reports: typeof import('../../functions/reports/generate.js');
let dynamo: typeof import('../../functions/aws/dynamodb.js');

beforeAll(async () => {
  [reports, dynamo] = await Promise.all([
    import('../../functions/reports/generate.js'),
    import('../../functions/aws/dynamodb.js'),
  ]);
});

/** A brand with one published post in November 2026 (Paris). */
async function brandWithPost() {
  const brandId = newPostId('fbrec');
  const postId = `${brandId}-p1`;
  await seedPublishedPosts(
    {
      brandId,
      name: 'Aurora',
      timeZone: 'Europe/Paris',
      language: 'en',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      feedback: { spike: { factor: 3, minimum: 3 } },
    },
    [
      {
        postId,
        publishedAt: '2026-11-02T08:00:00.000Z',
        rounds: { x: [{ impressions: 100, likes: 5, comments: 3, shares: 0, clicks: 1 }] },
      },
    ],
  );
  return { brandId, postId };
}

const feedback = (brandId: string, postId: string, sourceId: string, text: string, receivedAt: string) =>
  envelope('Feedback Received', { brandId, postId, sourceId, channel: 'email', text, receivedAt });

/** What a published reply leaves on the record (the reply path sets these). */
const answered = (brandId: string, feedbackId: string, firstResponseAt: string, responseSeconds: number) =>
  dynamo.dynamo.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: `BRAND#${brandId}`, sk: `FEEDBACK#${receiver.records.parseFeedbackId(feedbackId)?.key}` },
      UpdateExpression: 'SET firstResponseAt = :at, responseSeconds = :seconds, #status = :closed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': firstResponseAt, ':seconds': responseSeconds, ':closed': 'closed' },
    }),
  );

describe('feedback in the lifecycle records', () => {
  it("keeps the post's feedback counts by category on its record, once however often an item is delivered", async () => {
    // Prepare
    const { brandId, postId } = await brandWithPost();
    const complaint = feedback(brandId, postId, 't-1', 'Still waiting for my refund', '2026-11-03T09:00:00Z');
    const praise = feedback(brandId, postId, 't-2', 'Love the new blend', '2026-11-03T09:05:00Z');

    // Act: the complaint is delivered three times (EventBridge delivers at least once), two of them at once.
    await receiver.receive(complaint);
    await Promise.all([receiver.receive(complaint), receiver.receive(complaint)]);
    await receiver.receive(praise);

    // Assess
    const post = await receiver.harness.db.getPost(postId);
    expect(post?.feedbackCounts).toEqual({ complaint: 1, praise: 1 });
    expect(await receiver.records.listFeedback(brandId)).toHaveLength(2);
  });
});

describe('feedback in the analysis report', () => {
  it('reads the feedback written in the period and its spike alerts, with measured response times', async () => {
    // Prepare: three complaints in one hour (a spike for this brand), one answered in 30 minutes
    // and one in 2 hours; a question of October, outside the month.
    const { brandId, postId } = await brandWithPost();
    const written = ['2026-11-03T09:00:00Z', '2026-11-03T09:10:00Z', '2026-11-03T09:20:00Z'];
    const ids: string[] = [];
    for (const [index, receivedAt] of written.entries()) {
      const answer = (await receiver.receive(
        feedback(brandId, postId, `c-${index}`, 'My order never arrived, refund please', receivedAt),
      )) as { feedbackId: string };
      ids.push(answer.feedbackId);
    }
    await receiver.receive(feedback(brandId, postId, 'q-0', 'Open on Sunday?', '2026-10-20T09:00:00Z'));
    await answered(brandId, ids[0] as string, '2026-11-03T09:30:00Z', 1800);
    await answered(brandId, ids[1] as string, '2026-11-03T11:10:00Z', 7200);
    // Feedback Received raised the spike alert when the third complaint was recorded, in this hour.
    const recordedAt = Date.now();

    // Act
    const model = await reports.composeReport(brandId, '2026-11', Date.parse('2026-12-01T06:00:00Z'));
    // The brand's month, in its zone: near midnight in Paris it is not the UTC month.
    const thisMonth = await reports.composeReport(
      brandId,
      periodLabel(recordedAt, 'month', 'Europe/Paris'),
      recordedAt,
    );

    // Assess
    expect(model.feedback.all).toMatchObject({
      items: 3,
      responded: 2,
      withSla: 3,
      breaches: 1,
      unanswered: 1,
    });
    expect(model.feedback.all.firstResponseP50).toEqual({ value: 1800, sample: 2 });
    expect(model.feedback.all.firstResponseP90).toEqual({ value: 7200, sample: 2 });
    expect(model.feedback.byCategory.find((c) => c.category === 'question')?.group.items).toBe(0);
    // The items were recorded now, so the spike belongs to the current month's report.
    expect(thisMonth.feedback.spikes).toEqual([
      {
        hour: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/),
        urgentInHour: 3,
        baselinePerHour: 0,
      },
    ]);
  });
});
