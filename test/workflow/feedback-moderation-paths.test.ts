import { describe, expect, it } from 'vitest';
import { getFeedbackRecord } from '../../functions/persistence/feedback-replies.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { FEEDBACK_TOKEN, startFakeFeedback } from '../support/platforms/feedback.js';
import { apiCall } from './api-client.js';
import { publishedFeedback } from './reply-seed.js';
import { untilEvent, useLocalRun } from './support.js';

const runtime = useLocalRun({ waitMs: 50 });
const fake = useFakePlatform(() => startFakeFeedback());

const token = (user: string) => runtime.issuer.issue(user, { groups: [] });
/** A feedback item under the brand's post on the fake X. */
const feedbackOnX = (text: string) =>
  publishedFeedback(fake.server.url, text, {
    channel: { id: 'x', adapter: 'x', maxLength: 280, settings: { baseUrl: fake.server.url } },
    credentials: { accessToken: FEEDBACK_TOKEN },
  });
const hideCalls = (platformId: string) =>
  fake.server.requests.filter((request) => request.path === `/2/tweets/${platformId}/hidden`);
const moderatedEvents = (feedbackId: string) =>
  runtime.events.filter(
    (e) => e['detail-type'] === 'Feedback Moderated' && e.detail.feedbackId === feedbackId,
  );
const moderate = async (feedbackId: string, user: string, body: Record<string, unknown>) =>
  apiCall(runtime, 'POST', `/feedback/${feedbackId}/moderation`, await token(user), body);

describe('moderating feedback through the front door on the local twin', () => {
  it('hides a reply on X once, marks the record and announces it once, though asked twice', async () => {
    // Prepare
    const { postId, platformId, feedbackId } = await feedbackOnX('Buy cheap followers at spam.example');
    const moderated = untilEvent(runtime, postId, 'Feedback Moderated');

    // Act
    const first = await moderate(feedbackId, 'editor-1', { action: 'hide' });
    const again = await moderate(feedbackId, 'editor-1', { action: 'hide' });
    await moderated;
    await runtime.lambdaIdle();

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ action: 'hide', hidden: true });
    expect(again.body).toMatchObject({ action: 'hide', hidden: true });
    expect(hideCalls(platformId)).toHaveLength(1);
    expect(fake.hidden.get(platformId)).toBe('x');
    expect(await getFeedbackRecord(feedbackId)).toMatchObject({
      status: 'open',
      moderation: { action: 'hide', by: 'editor-1' },
    });
    expect(moderatedEvents(feedbackId)).toHaveLength(1);
  });

  it('announces one moderation when two requests to mark the same item spam overlap', async () => {
    // Prepare
    const { postId, feedbackId } = await feedbackOnX('Buy cheap followers at spam.example');
    const moderated = untilEvent(runtime, postId, 'Feedback Moderated');

    // Act
    const answers = await Promise.all([
      moderate(feedbackId, 'editor-1', { action: 'spam' }),
      moderate(feedbackId, 'editor-1', { action: 'spam' }),
    ]);
    await moderated;
    await runtime.lambdaIdle();

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await getFeedbackRecord(feedbackId)).toMatchObject({ category: 'spam', status: 'closed' });
    expect(moderatedEvents(feedbackId)).toHaveLength(1);
  });

  it('marks an item spam and closes it, asking the platform nothing', async () => {
    // Prepare
    const { postId, platformId, feedbackId } = await feedbackOnX('Where can I buy it?');
    const moderated = untilEvent(runtime, postId, 'Feedback Moderated');

    // Act
    const answer = await moderate(feedbackId, 'editor-1', { action: 'spam' });
    await moderated;

    // Assess
    expect(answer.status).toBe(200);
    expect(await getFeedbackRecord(feedbackId)).toMatchObject({
      category: 'spam',
      status: 'closed',
      moderation: { action: 'spam', by: 'editor-1' },
    });
    expect(hideCalls(platformId)).toHaveLength(0);
    expect(moderatedEvents(feedbackId)).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ action: 'spam', moderatedBy: 'editor-1' }),
      }),
    ]);
  });

  it('answers that a platform offers no hiding, and records and sends nothing', async () => {
    // Prepare: the default seed is a Mastodon channel, whose platform lets no one hide a reply.
    const { feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');

    // Act
    const answer = await moderate(feedbackId, 'editor-1', { action: 'hide' });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ hidden: false, reason: 'the platform offers no hiding' });
    expect((await getFeedbackRecord(feedbackId))?.moderation).toBeUndefined();
    expect(moderatedEvents(feedbackId)).toHaveLength(0);
  });

  it('refuses a viewer, an unknown item and an unknown action, and hides nothing', async () => {
    // Prepare
    const { platformId, feedbackId } = await feedbackOnX('Where can I buy it?');
    const unknownId = `${feedbackId.slice(0, -4)}ffff`;

    // Act
    const viewer = await moderate(feedbackId, 'viewer-1', { action: 'hide' });
    const unknown = await moderate(unknownId, 'editor-1', { action: 'hide' });
    const badAction = await moderate(feedbackId, 'editor-1', { action: 'delete' });

    // Assess
    expect(viewer.status).toBe(403);
    expect(viewer.body.errors?.[0]?.rule).toBe('role');
    expect(unknown.status).toBe(404);
    expect(badAction.status).toBe(400);
    expect(badAction.body.errors).toEqual([expect.objectContaining({ field: 'action' })]);
    expect(hideCalls(platformId)).toHaveLength(0);
    expect((await getFeedbackRecord(feedbackId))?.moderation).toBeUndefined();
    expect(moderatedEvents(feedbackId)).toHaveLength(0);
  });
});
