import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsScheduleName } from '../../functions/domain/metrics-schedule.js';
import {
  getPost,
  listMetricSnapshots,
  listPublishRecords,
  putBrand,
} from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import { MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { decideReview, startWorkflowRuntime, submitPost, uniqueId, untilReviewRequested } from './support.js';

let runtime: LocalBrandflow;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;

beforeAll(async () => {
  runtime = await startWorkflowRuntime({ waitMs: 50 });
  mastodon = await startFakeMastodon();
});
afterAll(async () => {
  await runtime?.stop();
  await mastodon?.server.close();
});

/** A brand publishing on the local Mastodon, its account connected as an operator would. */
async function seedMastodonBrand(): Promise<string> {
  const account = uniqueId('mastodon');
  const client = new SecretsManagerClient({ endpoint: runtime.env.AWS_ENDPOINT_URL_SECRETS_MANAGER });
  try {
    await client.send(
      new PutSecretValueCommand({
        SecretId: `brandflow/channels/${account}`,
        SecretString: JSON.stringify({ accessToken: MASTODON_TOKEN }),
      }),
    );
  } finally {
    client.destroy();
  }
  const brandId = uniqueId('brand');
  await putBrand({
    brandId,
    name: 'Acme Coffee',
    bannedTerms: [],
    channels: [
      {
        id: 'mastodon',
        adapter: 'mastodon',
        account,
        maxLength: 500,
        settings: { instanceUrl: mastodon.server.url },
      },
    ],
  });
  return brandId;
}

/** Mastodon finds an earlier attempt by its text: every post here says something of its own. */
const uniqueText = (postId: string) => `Our spring blend is back in every shop this week (${postId}).`;

describe('a platform rate-limiting the publication', () => {
  it('waits for the time Retry-After names, then publishes the post exactly once, for three more transitions', async () => {
    // Prepare
    const brandId = await seedMastodonBrand();
    const unthrottledId = uniqueId('post');
    await submitPost(runtime, {
      postId: unthrottledId,
      brandId,
      channels: ['mastodon'],
      text: uniqueText(unthrottledId),
    });
    await untilReviewRequested(runtime, unthrottledId);
    await decideReview(runtime, unthrottledId, 'approve');
    const unthrottled = await runtime.waitForExecution(`${unthrottledId}-r1`, 60_000);
    const postId = uniqueId('post');
    const postsBefore = mastodon.posts.length;
    mastodon.server.inject({
      on: 'publish',
      type: 'error',
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'retry-after': '120' },
    });

    // Act
    await submitPost(runtime, { postId, brandId, channels: ['mastodon'], text: uniqueText(postId) });
    await untilReviewRequested(runtime, postId);
    await decideReview(runtime, postId, 'approve');
    const execution = await runtime.waitForExecution(`${postId}-r1`, 60_000);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(mastodon.posts.length).toBe(postsBefore + 1);
    // The wait costs three transitions: the Pass, the Wait and the task again.
    expect(execution.stateTransitions - unthrottled.stateTransitions).toBe(3);
    const publishStates = execution.statesEntered.filter((name) =>
      [
        StateName.PublishToChannel,
        StateName.ReadPublishRetryTime,
        StateName.WaitForPublishRetryTime,
        StateName.RecordChannelFailure,
      ].includes(name as never),
    );
    expect(publishStates).toEqual([
      StateName.PublishToChannel,
      StateName.ReadPublishRetryTime,
      StateName.WaitForPublishRetryTime,
      StateName.PublishToChannel,
    ]);
    const refused = execution.history.find(
      (e) => e.stateName === StateName.PublishToChannel && e.error === WorkflowError.ChannelRateLimited,
    );
    const waited = execution.history.find(
      (e) => e.type === 'StateEntered' && e.stateName === StateName.WaitForPublishRetryTime,
    );
    const waitInput = waited?.input as { rateLimitWaits: number; rateLimit: { errorMessage: string } };
    expect(waitInput.rateLimitWaits).toBe(1);
    const waitedSeconds = (Date.parse(waitInput.rateLimit.errorMessage) - (refused?.timestamp ?? 0)) / 1000;
    expect(waitedSeconds).toBeGreaterThanOrEqual(119);
    expect(waitedSeconds).toBeLessThanOrEqual(122);
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ channel: 'mastodon', status: 'published', attempts: 2 });
    // The post went out at (or after) the time the platform named, on the clock AWS would show.
    expect(Date.parse(record?.publishedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(waitInput.rateLimit.errorMessage),
    );
  });

  it('fails the channel with the reason once the platform is still rate limiting after three waits, having posted nothing', async () => {
    // Prepare
    const brandId = await seedMastodonBrand();
    const postId = uniqueId('post');
    const postsBefore = mastodon.posts.length;
    const tooManyRequests = {
      on: 'publish',
      type: 'error',
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'retry-after': '60' },
    } as const;
    mastodon.server.inject(tooManyRequests, tooManyRequests, tooManyRequests, tooManyRequests);

    // Act
    await submitPost(runtime, { postId, brandId, channels: ['mastodon'], text: uniqueText(postId) });
    await untilReviewRequested(runtime, postId);
    await decideReview(runtime, postId, 'approve');
    const execution = await runtime.waitForExecution(`${postId}-r1`, 60_000);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(mastodon.posts.length).toBe(postsBefore);
    const entered = (name: string) => execution.statesEntered.filter((s) => s === name).length;
    expect(entered(StateName.PublishToChannel)).toBe(4);
    expect(entered(StateName.WaitForPublishRetryTime)).toBe(3);
    expect(entered(StateName.RecordChannelFailure)).toBe(1);
    const [record] = await listPublishRecords(postId);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toContain(
      'ChannelPermanentError: rate limited, still rate limited after 3 waits',
    );
    expect(record?.lastError).toContain('Too many requests');
    expect((await getPost(postId))?.status).toBe('publish_failed');
  });
});

describe('a platform rate-limiting a metrics read', () => {
  it('schedules the round again at the time the platform names and completes with every round read', async () => {
    // Prepare
    const brandId = await seedMastodonBrand();
    const postId = uniqueId('post');
    mastodon.server.inject({
      on: 'metrics',
      type: 'error',
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'retry-after': '30' },
    });

    // Act
    await submitPost(runtime, { postId, brandId, channels: ['mastodon'], text: uniqueText(postId) });
    await untilReviewRequested(runtime, postId);
    await decideReview(runtime, postId, 'approve');
    const execution = await runtime.waitForExecution(`${postId}-r1`, 60_000);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    // The wait happened outside the state machine: one schedule more, no state more.
    expect(execution.statesEntered.filter((s) => s === StateName.AwaitMetricsRounds)).toHaveLength(1);
    const retry = metricsScheduleName(`${postId}-r1`, 1, 1);
    expect(runtime.scheduleRuns.filter((run) => run.name === retry)).toHaveLength(1);
    expect((await getPost(postId))?.allMetricsRoundsCollected).toBe(true);
    const firstRound = (await listMetricSnapshots(postId)).filter((s) => s.round === 1);
    expect(firstRound).toHaveLength(1);
    expect(firstRound[0]?.metrics).toMatchObject({ likes: 7, shares: 2, comments: 1 });
  });
});
