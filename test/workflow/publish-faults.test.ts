import { describe, expect, it } from 'vitest';
import { createXAdapter } from '../../functions/channels/x.js';
import { getPost, listPublishRecords } from '../../functions/persistence/index.js';
import { claimPublish } from '../../functions/persistence/publish-records.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { GRAPH_TOKEN, startFakeContainers } from '../support/platforms/graph.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { startFakeX } from '../support/platforms/x.js';
import {
  decideReview,
  HOUR,
  inFuture,
  type PostDraft,
  publishApproved,
  putEvent,
  seedConnectedBrand,
  submitPostDetail,
  uniqueId,
  untilReviewRequested,
  useLocalRun,
} from './support.js';

/*
 * Fault injection on the local runtime: the synthesized state machine runs the real handlers
 * against fake platform servers, and each case breaks publishing the way AWS or a platform
 * can. Every case ends with exactly one post on the platform for the channel.
 */

const runtime = useLocalRun({ waitMs: 50 });
/** X without its duplicate-text refusal: every post an adapter makes shows. */
const x = useFakePlatform(() => startFakeX({ refuseDuplicates: false }));
/** The same, with a timeline that shows a post only a minute after it was created. */
const laggingX = useFakePlatform(() => startFakeX({ refuseDuplicates: false, listLagMs: 60_000 }));
const instagram = useFakePlatform(() => startFakeContainers('instagram', '1784'));

/** A brand whose only channel is X on `fake`, its account connected; returns the channel too. */
async function seedXBrand(fake: typeof x) {
  const credentials = { accessToken: fake.tokens.access, expiresAt: '2099-01-01T00:00:00Z' };
  const seeded = await seedConnectedBrand(
    { id: 'x', adapter: 'x', maxLength: 280, settings: { baseUrl: fake.server.url } },
    credentials,
  );
  return { ...seeded, credentials };
}

const postsWithText = (fake: typeof x, text: string) => fake.posts.filter((post) => post.text === text);

/**
 * Publishes `draft` on `fake` while X answers slowly and Lambda's answer to Step Functions is
 * lost, so the retry starts while the first invocation still waits for X; returns the closed
 * execution once the first invocation has ended too, where a late duplicate would show.
 */
async function publishWithOverlappingAttempts(fake: typeof x, draft: PostDraft) {
  fake.server.inject({ on: 'publish', type: 'slow', delayMs: 1500 });
  runtime.loseNextLambdaAnswer('publishToChannel', 'Lambda.ServiceException');
  const execution = await publishApproved(runtime, draft);
  await runtime.lambdaIdle();
  return execution;
}

describe('publishing exactly once under faults', () => {
  it('publishes once when two attempts overlap: the retry waits for the first attempt’s outcome', async () => {
    // Prepare
    const { brandId } = await seedXBrand(x);
    const postId = uniqueId('overlap');
    const text = `Overlap ${postId}`;
    // Act
    const execution = await publishWithOverlappingAttempts(x, { postId, brandId, channels: ['x'], text });
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(postsWithText(x, text)).toHaveLength(1);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', externalId: postsWithText(x, text)[0]?.id });
  });

  it('publishes once when the platform’s list lags: the overlapping attempt never relies on it', async () => {
    // Prepare
    const { brandId } = await seedXBrand(laggingX);
    const postId = uniqueId('lag');
    const text = `Lagging list ${postId}`;
    // Act
    const execution = await publishWithOverlappingAttempts(laggingX, {
      postId,
      brandId,
      channels: ['x'],
      text,
    });
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(postsWithText(laggingX, text)).toHaveLength(1);
    expect((await getPost(postId))?.status).toBe('completed');
  });

  it('publishes once when the function crashed after the platform accepted the post', async () => {
    // Prepare: what a crashed attempt leaves behind: its lease and intent, and its post on X,
    // with no outcome recorded.
    const { brandId, channel, credentials } = await seedXBrand(x);
    const postId = uniqueId('crash');
    const text = `Crashed ${postId}`;
    const crashed = await claimPublish({ postId, channel: 'x', revision: 1, executionName: `${postId}-r1` });
    if (crashed.outcome !== 'acquired') throw new Error(crashed.outcome);
    const adapter = createXAdapter(channel, {
      credentials: memoryCredentials(channel.account as string, credentials).store,
    });
    const accepted = await adapter.publish({
      idempotencyKey: crashed.record.idempotencyKey,
      postId,
      content: { text },
    });
    // Act
    const execution = await publishApproved(runtime, { postId, brandId, channels: ['x'], text });
    await runtime.lambdaIdle(); // the first invocation has ended too: a late duplicate would show
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(postsWithText(x, text)).toHaveLength(1);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', externalId: accepted.externalId, attempts: 2 });
  });

  it('takes no post of last week with the same text for this one, and finds its own after a lost answer', async () => {
    // Prepare: last week's post has the same text; this publication's answer is lost.
    const { brandId } = await seedXBrand(x);
    const postId = uniqueId('again');
    const text = `Weekly special ${postId}`;
    x.posts.push({
      id: `9${Date.now()}`,
      text,
      created_at: new Date(Date.now() - 7 * 24 * HOUR).toISOString(),
    });
    x.server.inject({ on: 'publish', type: 'lost' });
    // Act
    const execution = await publishApproved(runtime, { postId, brandId, channels: ['x'], text });
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const posts = postsWithText(x, text);
    expect(posts).toHaveLength(2);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', externalId: posts[1]?.id });
  });

  it('waits while an Instagram video stays IN_PROGRESS, then publishes its one container once', async () => {
    // Prepare
    const { brandId } = await seedConnectedBrand(
      {
        id: 'instagram',
        adapter: 'instagram',
        maxLength: 2200,
        settings: { baseUrl: instagram.base, userId: '1784' },
      },
      { accessToken: GRAPH_TOKEN },
    );
    const postId = uniqueId('reel');
    const text = `Brewed on camera ${postId}`;
    const containersBefore = instagram.containers.size;
    // Twelve status reads IN_PROGRESS: the first attempt reads once, each later one twice (look, then publish).
    instagram.scriptNextContainer(...Array(12).fill('IN_PROGRESS'), 'FINISHED');
    // Act
    await putEvent(runtime, 'Submit Post', {
      ...submitPostDetail({ postId, brandId, channels: ['instagram'], scheduledAt: inFuture(HOUR) }),
      contentType: 'video',
      content: { instagram: { text, mediaUrls: ['https://cdn.acme.example/brew.mp4'] } },
    });
    await untilReviewRequested(runtime, postId);
    await decideReview(runtime, postId, 'approve');
    const execution = await runtime.waitForExecution(`${postId}-r1`);
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(instagram.containers.size).toBe(containersBefore + 1);
    expect(instagram.posts.filter((media) => media.caption === text)).toHaveLength(1);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', containerId: expect.any(String) });
    expect(execution.statesEntered.filter((state) => state === 'WaitForPublishRetryTime')).toHaveLength(6);
  });

  it('retries a failed post without publishing again a channel that already published', async () => {
    // Prepare: X publishes, then RecordPublication fails in a way no Retry covers: the post fails.
    const { brandId } = await seedXBrand(x);
    const postId = uniqueId('retry');
    const text = `Retried ${postId}`;
    runtime.loseNextLambdaAnswer('recordPublication', 'UnexpectedStatusError');
    const failed = await publishApproved(runtime, { postId, brandId, channels: ['x'], text });
    await runtime.lambdaIdle();
    expect(failed.status).toBe('FAILED');
    expect((await getPost(postId))?.status).toBe('failed');
    const seen = runtime.events.length;
    // Act
    await putEvent(runtime, 'Retry Post', {
      postId,
      scheduledAt: inFuture(HOUR),
      requestedBy: { id: 'brand-manager-1' },
    });
    // The retry's own review request, not the first run's.
    await runtime.waitForEvent(
      (e) =>
        runtime.events.indexOf(e) >= seen &&
        e['detail-type'] === 'Review Requested' &&
        e.detail.postId === postId,
    );
    // The review starts over on a retry: a reviewer approves again.
    await putEvent(runtime, 'Review Decision', {
      postId,
      revision: 1,
      decision: 'approve',
      reviewer: { id: 'reviewer-2' },
      contentHash: (await getPost(postId))?.contentHash,
    });
    const retried = await runtime.waitForExecution(`${postId}-r1-retry1`);
    // Assess
    expect(retried.status).toBe('SUCCEEDED');
    expect(postsWithText(x, text)).toHaveLength(1);
    expect((await getPost(postId))?.status).toBe('completed');
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({
      status: 'published',
      externalId: postsWithText(x, text)[0]?.id,
      attempts: 1,
    });
  });
});
