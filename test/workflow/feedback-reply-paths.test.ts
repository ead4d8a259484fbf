import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { getFeedbackRecord, getReply } from '../../functions/persistence/feedback-replies.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { startFakeReplies } from '../support/platforms/replies.js';
import { apiCall } from './api-client.js';
import { publishedFeedback } from './reply-seed.js';
import { uniqueId, untilEvent, useLocalRun } from './support.js';

const runtime = useLocalRun({ waitMs: 50 });
const fake = useFakePlatform(() => startFakeReplies());

const token = (user: string) => runtime.issuer.issue(user, { groups: [] });
/** A reply to `feedbackId` proposed through the front door by `user` (no token without one). */
const reply = async (feedbackId: string, user: string | undefined, text: string) =>
  apiCall(runtime, 'POST', `/feedback/${feedbackId}/replies`, user && (await token(user)), { text });
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
    const { postId, platformId, feedbackId } = await publishedFeedback(
      fake.server.url,
      'Where can I buy it?',
    );
    fake.server.inject({ on: 'publish', type: 'slow', delayMs: 500 });
    const replied = untilEvent(runtime, postId, 'Feedback Replied');

    // Act: the rule delivers the approval, and two more deliveries run at the same time.
    const answer = await reply(feedbackId, 'editor-1', 'In every Acme store from Monday.');
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
    const { platformId, feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');
    const unknownId = `${feedbackId.slice(0, -4)}ffff`;

    // Act
    const unknown = await reply(unknownId, 'editor-1', 'Hello');
    const viewer = await reply(feedbackId, 'viewer-1', 'Hello');
    const tooLong = await reply(feedbackId, 'editor-1', 'a'.repeat(501));
    const noToken = await reply(feedbackId, undefined, 'Hi');

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
