import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackIdOf } from '../../functions/persistence/feedback.js';
import { getFeedbackRecord, getReply } from '../../functions/persistence/feedback-replies.js';
import { getBrand, putMembership } from '../../functions/persistence/index.js';
import { recordFeedback } from '../../functions/tasks/record-feedback.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { REPLY_TOKEN, startFakeReplies } from '../support/platforms/replies.js';
import { apiCall } from './api-client.js';
import { seedConnectedBrand, startWorkflowRuntime, uniqueId, untilEvent } from './support.js';

let runtime: LocalBrandflow;
let fake: Awaited<ReturnType<typeof startFakeReplies>>;

beforeAll(async () => {
  runtime = await startWorkflowRuntime({ waitMs: 50 });
  fake = await startFakeReplies();
});
afterAll(async () => {
  await runtime?.stop();
  await fake?.server.close();
});

/** A brand connected to the fake Mastodon, its people, a published post and one feedback item under it. */
async function publishedFeedback(text: string) {
  const { brandId } = await seedConnectedBrand(
    { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: fake.server.url } },
    { accessToken: REPLY_TOKEN },
  );
  const at = new Date().toISOString();
  for (const [memberId, role] of [
    ['editor-1', 'editor'],
    ['viewer-1', 'viewer'],
  ] as const) {
    await putMembership({ brandId, memberId, roles: [role], updatedBy: 'admin-1', updatedAt: at });
  }
  const postId = uniqueId('post');
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: `POST#${postId}`,
        sk: 'PUBLISH#mastodon',
        channel: 'mastodon',
        status: 'published',
        externalId: uniqueId('status'),
        url: `${fake.server.url}/@acme/1`,
        publishedAt: at,
      },
    }),
  );
  const platformId = uniqueId('reply');
  const brand = await getBrand(brandId);
  if (!brand) throw new Error('the brand was not saved');
  await recordFeedback(
    { postId, revision: 1, brandId },
    brand,
    'mastodon',
    { platformId, createdAt: at, text },
    'platform',
  );
  return { postId, platformId, feedbackId: feedbackIdOf(brandId, 'mastodon', platformId) };
}

const token = (user: string) => runtime.issuer.issue(user, { groups: [] });
const callsUnder = (platformId: string) =>
  fake.replyCalls().filter((request) => request.body.in_reply_to_id === platformId);

/** Hands `Feedback Reply Approved` to the reply sender again, as a redelivery would (Lambda Invoke on the twin). */
async function deliverAgain(feedbackId: string) {
  const sender = Object.entries(runtime.template.functions).find(([, fn]) => fn.role === 'sendFeedbackReply');
  if (!sender) throw new Error('the template has no reply sender');
  const lambda = new LambdaClient({
    endpoint: runtime.awsEndpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
  });
  const envelope = {
    id: uniqueId('event'),
    'detail-type': 'Feedback Reply Approved',
    source: 'brandflow',
    detail: { feedbackId },
  };
  const answer = await lambda.send(
    new InvokeCommand({ FunctionName: sender[0], Payload: Buffer.from(JSON.stringify(envelope)) }),
  );
  lambda.destroy();
  return answer.FunctionError;
}

describe('replying to feedback through the front door on the local twin', () => {
  it('publishes the reply once, though its approval is delivered three times and two attempts overlap', async () => {
    // Prepare
    const { postId, platformId, feedbackId } = await publishedFeedback('Where can I buy it?');
    fake.server.inject({ on: 'publish', type: 'slow', delayMs: 500 });
    const replied = untilEvent(runtime, postId, 'Feedback Replied');

    // Act: the rule delivers the approval, and two more deliveries run at the same time.
    const answer = await apiCall(
      runtime,
      'POST',
      `/feedback/${feedbackId}/replies`,
      await token('editor-1'),
      { text: 'In every Acme store from Monday.' },
    );
    const extra = await Promise.all([deliverAgain(feedbackId), deliverAgain(feedbackId)]);
    await replied;
    await runtime.lambdaIdle();

    // Assess
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'approved' });
    expect(extra).toEqual([undefined, undefined]);
    expect(callsUnder(platformId)).toHaveLength(1);
    expect(await getFeedbackRecord(feedbackId)).toMatchObject({ status: 'closed' });
    const repliedEvents = runtime.events.filter(
      (e) => e['detail-type'] === 'Feedback Replied' && e.detail.feedbackId === feedbackId,
    );
    expect(repliedEvents).toHaveLength(1);
  });

  it('answers each refusal with its problem and sends nothing', async () => {
    // Prepare
    const { platformId, feedbackId } = await publishedFeedback('Where can I buy it?');
    const unknownId = `${feedbackId.slice(0, -4)}ffff`;

    // Act
    const unknown = await apiCall(
      runtime,
      'POST',
      `/feedback/${unknownId}/replies`,
      await token('editor-1'),
      {
        text: 'Hello',
      },
    );
    const viewer = await apiCall(
      runtime,
      'POST',
      `/feedback/${feedbackId}/replies`,
      await token('viewer-1'),
      {
        text: 'Hello',
      },
    );
    const tooLong = await apiCall(
      runtime,
      'POST',
      `/feedback/${feedbackId}/replies`,
      await token('editor-1'),
      {
        text: 'a'.repeat(501),
      },
    );
    const noToken = await apiCall(runtime, 'POST', `/feedback/${feedbackId}/replies`, undefined, {
      text: 'Hi',
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(viewer.status).toBe(403);
    expect(viewer.body.errors?.[0]?.rule).toBe('role');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'text', rule: 'max-length' })]);
    expect(noToken.status).toBe(401);
    expect(await getReply(feedbackId)).toBeUndefined();
    expect(callsUnder(platformId)).toHaveLength(0);
  });
});
