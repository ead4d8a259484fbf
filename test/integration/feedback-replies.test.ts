import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../functions/identity/claims.js';
import { type FeedbackTwin, startFeedbackTwin } from '../support/feedback-twin.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { REPLY_TOKEN, startFakeReplies } from '../support/platforms/replies.js';

type Modules = [
  typeof import('../../functions/use-cases/reply-to-feedback.js'),
  typeof import('../../functions/use-cases/decide-feedback-reply.js'),
  typeof import('../../functions/use-cases/send-feedback-reply.js'),
  typeof import('../../functions/use-cases/record-feedback.js'),
  typeof import('../../functions/persistence/feedback-replies.js'),
  typeof import('../../functions/persistence/brands.js'),
  typeof import('../../functions/persistence/memberships.js'),
];
let reply: Modules[0];
let decide: Modules[1];
let send: Modules[2];
let record: Modules[3];
let replies: Modules[4];
let brands: Modules[5];
let members: Modules[6];
let fake: Awaited<ReturnType<typeof startFakeReplies>>;
let counter = 0;
let twin: FeedbackTwin;

beforeAll(async () => {
  // A new item's SLA checks are scheduled: the twin's Scheduler answers before the modules load.
  twin = await startFeedbackTwin();
  [reply, decide, send, record, replies, brands, members] = (await Promise.all([
    import('../../functions/use-cases/reply-to-feedback.js'),
    import('../../functions/use-cases/decide-feedback-reply.js'),
    import('../../functions/use-cases/send-feedback-reply.js'),
    import('../../functions/use-cases/record-feedback.js'),
    import('../../functions/persistence/feedback-replies.js'),
    import('../../functions/persistence/brands.js'),
    import('../../functions/persistence/memberships.js'),
  ])) as Modules;
  fake = await startFakeReplies();
});
afterAll(async () => {
  fake?.server.close();
  await twin?.stop();
});

const caller = (subject: string): Caller => ({ issuer: 'https://issuer.test', subject, groups: [] });
const editor = caller('editor-1');
const reviewer = caller('reviewer-1');
const viewer = caller('viewer-1');
const deps = () => ({
  credentials: memoryCredentials('acme-mastodon', { accessToken: REPLY_TOKEN }).store,
});

/** A brand with a Mastodon channel on the fake, its people, a published post and one feedback item under it. */
async function feedbackOf(text: string, channel: 'mastodon' | 'x' = 'mastodon') {
  counter += 1;
  const brandId = `reply-brand-${counter}-${Date.now()}`;
  const brand = await brands.putBrand({
    brandId,
    name: 'Acme',
    bannedTerms: ['cheap'],
    channels: [
      {
        id: channel,
        adapter: channel,
        account: 'acme-mastodon',
        maxLength: channel === 'x' ? 280 : 500,
        settings: { baseUrl: fake.server.url, instanceUrl: 'https://mastodon.example' },
      },
    ],
  });
  const at = new Date().toISOString();
  for (const [memberId, role] of [
    ['editor-1', 'editor'],
    ['reviewer-1', 'reviewer'],
    ['viewer-1', 'viewer'],
  ] as const) {
    await members.putMembership({ brandId, memberId, roles: [role], updatedBy: 'test', updatedAt: at });
  }
  const postId = `post-${counter}`;
  await twin.documents.send(
    new PutCommand({
      TableName: twin.table,
      Item: {
        pk: `POST#${postId}`,
        sk: `PUBLISH#${channel}`,
        channel,
        status: 'published',
        externalId: `50${counter}`,
        url: 'https://mastodon.example/@acme/1',
        publishedAt: at,
      },
    }),
  );
  const platformId = `90${counter}`;
  await record.recordFeedback(
    { postId, revision: 1, brandId },
    brand,
    channel,
    {
      platformId,
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      text,
    },
    'platform',
  );
  const { feedbackIdOf } = await import('../../functions/persistence/feedback.js');
  return { brandId, feedbackId: feedbackIdOf(brandId, channel, platformId), platformId };
}

const eventsOf = async (type: string) => {
  const items = (await twin.documents.send(new ScanCommand({ TableName: twin.table }))).Items ?? [];
  return items
    .flatMap((item) => (item.outbox ?? []) as { detailType: string; detail: unknown }[])
    .filter((e) => e.detailType === type)
    .map((e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as Record<string, unknown>);
};
const callsFor = (parentId: string) =>
  fake
    .replyCalls()
    .filter((r) => r.body.in_reply_to_id === parentId || JSON.stringify(r.body).includes(parentId));

describe('replying to feedback', () => {
  it('sends a reply to a question straight away, once, and closes the feedback with its response time', async () => {
    // Prepare
    const { feedbackId, platformId } = await feedbackOf('Where can I buy it?');

    // Act
    const answer = await reply.replyToFeedback(editor, feedbackId, {
      text: 'In every Acme store from Monday.',
    });
    const outcome = await send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() });

    // Assess
    expect(answer.status).toBe('approved');
    expect(outcome).toBe('sent');
    const [call] = callsFor(platformId);
    expect(call?.body).toMatchObject({
      status: 'In every Acme store from Monday.',
      in_reply_to_id: platformId,
    });
    expect(call?.headers['idempotency-key']).toBe(`${feedbackId}:e1`);
    const feedback = await replies.getFeedbackRecord(feedbackId);
    expect(feedback).toMatchObject({ status: 'closed' });
    expect(feedback?.responseSeconds).toBeGreaterThanOrEqual(3600);
    expect((await eventsOf('Feedback Replied')).filter((e) => e.feedbackId === feedbackId)).toHaveLength(1);
  });

  it('publishes once when the approval is delivered twice and two attempts overlap', async () => {
    // Prepare
    const { feedbackId, platformId } = await feedbackOf('Does it ship to Canada?');
    await reply.replyToFeedback(editor, feedbackId, { text: 'Yes, within a week.' });
    fake.server.inject({ on: 'publish', type: 'slow', delayMs: 300 });

    // Act: two overlapping attempts, then a late redelivery.
    const overlapping = await Promise.all([
      send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() }),
      send.sendFeedbackReply(feedbackId, 'attempt-b', { deps: deps() }),
    ]);
    const redelivered = await send.sendFeedbackReply(feedbackId, 'attempt-c', { deps: deps() });

    // Assess
    expect(callsFor(platformId)).toHaveLength(1);
    expect(overlapping.sort()).toEqual(['already-settled', 'sent']);
    expect(redelivered).toBe('already-settled');
    expect((await replies.getReply(feedbackId))?.status).toBe('sent');
  });

  it('after an answer lost on the way back, the retry finds the reply instead of posting another', async () => {
    // Prepare
    const { feedbackId } = await feedbackOf('Is it vegan?');
    await reply.replyToFeedback(editor, feedbackId, { text: 'It is, every flavour.' });
    fake.server.inject({ on: 'publish', type: 'lost' });

    // Act
    const first = send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() });
    await expect(first).rejects.toMatchObject({ name: 'ChannelFailure' });
    const retry = await send.sendFeedbackReply(feedbackId, 'attempt-b', { deps: deps() });

    // Assess
    expect(retry).toBe('sent');
    expect(fake.held.filter((r) => r.text === 'It is, every flavour.')).toHaveLength(1);
    expect((await replies.getFeedbackRecord(feedbackId))?.status).toBe('closed');
  });

  it('holds a reply to a complaint for an approver, who approves the text they read and nothing else', async () => {
    // Prepare
    const { feedbackId, platformId } = await feedbackOf('Still waiting for my refund');
    const first = await reply.replyToFeedback(editor, feedbackId, { text: 'Sorry, we are on it.' });

    // Act
    const edited = await reply.replyToFeedback(editor, feedbackId, {
      text: 'Sorry: your refund left today.',
    });
    const stale = await decide
      .decideFeedbackReply(reviewer, feedbackId, { decision: 'approve', contentHash: first.contentHash })
      .catch((error: unknown) => error);
    const ownApproval = await decide
      .decideFeedbackReply(editor, feedbackId, { decision: 'approve', contentHash: edited.contentHash })
      .catch((error: unknown) => error);
    const sentBeforeApproval = await send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() });
    const approved = await decide.decideFeedbackReply(reviewer, feedbackId, {
      decision: 'approve',
      contentHash: edited.contentHash,
    });
    const sent = await send.sendFeedbackReply(feedbackId, 'attempt-b', { deps: deps() });

    // Assess
    expect(stale).toMatchObject({ name: 'ConflictError', rule: 'content-hash' });
    expect(ownApproval).toMatchObject({ name: 'ForbiddenError' });
    expect(first.status).toBe('pending_approval');
    expect(sentBeforeApproval).toBe('already-settled');
    expect(approved.status).toBe('approved');
    expect(sent).toBe('sent');
    expect(callsFor(platformId).map((c) => c.body.status)).toEqual(['Sorry: your refund left today.']);
    expect(
      (await eventsOf('Feedback Reply Requested')).filter((e) => e.feedbackId === feedbackId),
    ).toHaveLength(2);
  });

  it('a rejected reply is never sent and the feedback stays open', async () => {
    // Prepare
    const { feedbackId, platformId } = await feedbackOf('This broke after a day, I want a refund');
    const written = await reply.replyToFeedback(editor, feedbackId, { text: 'Read the manual.' });

    // Act
    await decide.decideFeedbackReply(reviewer, feedbackId, {
      decision: 'reject',
      contentHash: written.contentHash,
    });
    const outcome = await send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() });

    // Assess
    expect(outcome).toBe('already-settled');
    expect(callsFor(platformId)).toHaveLength(0);
    expect((await replies.getFeedbackRecord(feedbackId))?.status).toBe('open');
  });
});

describe('refused replies: the reason named, nothing written, nothing sent', () => {
  const refusals: [
    string,
    string,
    (ids: { feedbackId: string }) => Promise<unknown>,
    Record<string, unknown>,
  ][] = [
    [
      'unknown feedback',
      'NotFoundError',
      ({ feedbackId }) => reply.replyToFeedback(editor, `${feedbackId.slice(0, -4)}ffff`, { text: 'Hello' }),
      {},
    ],
    [
      'a caller who may not reply',
      'ForbiddenError',
      ({ feedbackId }) => reply.replyToFeedback(viewer, feedbackId, { text: 'Hello' }),
      { rule: 'role' },
    ],
    [
      'a text over the platform limit',
      'InvalidInputError',
      ({ feedbackId }) => reply.replyToFeedback(editor, feedbackId, { text: 'a'.repeat(501) }),
      { problems: [expect.objectContaining({ field: 'text', rule: 'max-length' })] },
    ],
    [
      'a text the brand policy blocks',
      'InvalidInputError',
      ({ feedbackId }) => reply.replyToFeedback(editor, feedbackId, { text: 'Ours is never cheap' }),
      { problems: [expect.objectContaining({ field: 'text', rule: 'brand-policy' })] },
    ],
    [
      'an empty text',
      'InvalidInputError',
      ({ feedbackId }) => reply.replyToFeedback(editor, feedbackId, { text: '  ' }),
      { problems: [expect.objectContaining({ field: 'text' })] },
    ],
  ];

  it.each(refusals)('refuses %s', async (_, name, act, shape) => {
    // Prepare
    const ids = await feedbackOf('Where can I buy it?');

    // Act
    const attempt = act(ids);

    // Assess
    await expect(attempt).rejects.toMatchObject({ name, ...shape });
    expect(await replies.getReply(ids.feedbackId)).toBeUndefined();
    expect(callsFor(ids.platformId)).toHaveLength(0);
  });

  it('refuses a reply to closed feedback', async () => {
    // Prepare
    const { feedbackId, platformId } = await feedbackOf('Where can I buy it?');
    await reply.replyToFeedback(editor, feedbackId, { text: 'Online, today.' });
    await send.sendFeedbackReply(feedbackId, 'attempt-a', { deps: deps() });

    // Act
    const again = reply.replyToFeedback(editor, feedbackId, { text: 'And in stores tomorrow.' });

    // Assess
    await expect(again).rejects.toMatchObject({ name: 'ConflictError', rule: 'feedback-open' });
    expect(callsFor(platformId)).toHaveLength(1);
  });
});
