import { describe, expect, it } from 'vitest';
import { metricsScheduleName } from '../../functions/domain/metrics-schedule.js';
import { getPost, listMetricSnapshots, listPublishRecords } from '../../functions/persistence/index.js';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { publishApproved, seedConnectedBrand, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun({ waitMs: 50 });
const mastodon = useFakePlatform(() => startFakeMastodon());

/** A brand publishing on the local Mastodon, its account connected as an operator would. */
async function seedMastodonBrand(): Promise<string> {
  const { brandId } = await seedConnectedBrand(
    { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: mastodon.server.url } },
    { accessToken: MASTODON_TOKEN },
  );
  return brandId;
}

/**
 * Publishes a new post on the brand's Mastodon channel and returns its closed execution.
 * Mastodon finds an earlier attempt by its text: every post here says something of its own.
 */
async function publishOnMastodon(brandId: string, postId = uniqueId('post')) {
  const text = `Our spring blend is back in every shop this week (${postId}).`;
  const execution = await publishApproved(runtime, { postId, brandId, channels: ['mastodon'], text }, 60_000);
  return { postId, execution };
}

/** A 429 from Mastodon naming the seconds to wait (Retry-After). */
const tooManyRequests = (on: 'publish' | 'metrics', retryAfterSeconds: number) =>
  ({
    on,
    type: 'error',
    status: 429,
    body: { error: 'Too many requests' },
    headers: { 'retry-after': String(retryAfterSeconds) },
  }) as const;

describe('a platform rate-limiting the publication', () => {
  it('waits for the time Retry-After names, then publishes the post exactly once, for three more transitions', async () => {
    // Prepare
    const brandId = await seedMastodonBrand();
    const { execution: unthrottled } = await publishOnMastodon(brandId);
    const postsBefore = mastodon.posts.length;
    mastodon.server.inject(tooManyRequests('publish', 120));

    // Act
    const { postId, execution } = await publishOnMastodon(brandId);

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
    const postsBefore = mastodon.posts.length;
    const refusal = tooManyRequests('publish', 60);
    mastodon.server.inject(refusal, refusal, refusal, refusal);

    // Act
    const { postId, execution } = await publishOnMastodon(brandId);

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
    mastodon.server.inject(tooManyRequests('metrics', 30));

    // Act
    const { postId, execution } = await publishOnMastodon(brandId);

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
