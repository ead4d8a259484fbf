import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { authorHash } from '../../functions/domain/feedback.js';
import { parseFeedbackId } from '../../functions/persistence/feedback.js';
import { apiCall, seedBrandWithMembers } from './api-client.js';
import {
  putEvent,
  seedBrand,
  submitPost,
  trustIntegrator,
  uniqueId,
  untilReviewRequested,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun();

describe('the feedback author key in the local run', () => {
  it("hashes an integrator's author with the key the stack generated, read under the recording function's own grant", async () => {
    // Prepare
    const { brandId } = await seedBrand();
    const secretId = runtime.env.FEEDBACK_AUTHOR_KEY_SECRET as string;
    const recorded = runtime.waitForEvent(
      (e) => e['detail-type'] === 'Feedback Recorded' && e.detail.brandId === brandId,
    );

    // Act
    await runtime.putEvents([
      {
        EventBusName: 'brandflow',
        Source: 'my.helpdesk',
        DetailType: 'Feedback Received',
        Detail: JSON.stringify({
          brandId,
          sourceId: 'ticket-77',
          channel: 'email',
          text: 'Where is my parcel?',
          author: 'customer-77@example.com',
          receivedAt: new Date().toISOString(),
        }),
      },
    ]);
    const event = await recorded;

    // Assess
    const client = new SecretsManagerClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_SECRETS_MANAGER });
    const key = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString as string;
    client.destroy();
    expect(key).toHaveLength(64);
    const feedbackKey = parseFeedbackId(String(event.detail.feedbackId))?.key;
    const text = await dynamo.send(
      new GetCommand({
        TableName: runtime.env.TABLE_NAME,
        Key: { pk: `BRAND#${brandId}`, sk: `FEEDBACKTEXT#${feedbackKey}` },
      }),
    );
    expect(text.Item?.authorHash).toBe(authorHash(key, 'email', 'customer-77@example.com'));
    const keyReads = runtime.iamDecisions.filter(
      (d) => d.action === 'secretsmanager:GetSecretValue' && d.resource.endsWith(`:secret:${secretId}`),
    );
    expect(keyReads.length).toBeGreaterThan(0);
    expect(keyReads.every((d) => d.allowed && d.functionLogicalId.startsWith('FeedbackReceived'))).toBe(true);
  });
});

describe("feedback in a post's story", () => {
  it('shows the post counts by category, each item once however often it was delivered', async () => {
    // Prepare: a submitted post of a brand with a viewer.
    const brandId = uniqueId('fbstory');
    await seedBrandWithMembers(runtime, { brandId, timeZone: 'Europe/Paris' }, { 'viewer-1': ['viewer'] });
    await trustIntegrator(brandId);
    const postId = uniqueId('fbpost');
    await submitPost(runtime, { postId, brandId, channels: ['x'] });
    await untilReviewRequested(runtime, postId, 1);
    const item = (sourceId: string, text: string) => ({
      brandId,
      postId,
      sourceId,
      channel: 'email',
      text,
      receivedAt: new Date().toISOString(),
    });
    // Act: the complaint is sent twice (two events, one platform item), then a question.
    const sent = [
      await putEvent(runtime, 'Feedback Received', item('t-1', 'I want a refund')),
      await putEvent(runtime, 'Feedback Received', item('t-1', 'I want a refund')),
      await putEvent(runtime, 'Feedback Received', item('t-2', 'Is it decaf?')),
    ];
    const deliveries = await Promise.all(sent.map((eventId) => runtime.waitForDelivery(eventId)));
    const story = await apiCall(
      runtime,
      'GET',
      `/posts/${postId}/story`,
      await runtime.issuer.issue('viewer-1'),
    );

    // Assess
    expect(deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(story.status, JSON.stringify(story.body)).toBe(200);
    expect((story.body as { post: { feedbackCounts?: unknown } }).post.feedbackCounts).toEqual({
      complaint: 1,
      question: 1,
    });
  });
});
