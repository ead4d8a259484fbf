import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { createSandboxAdapter } from '../../functions/channels/sandbox.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { itemsBeginningWith } from '../support/store-fixtures.js';
import {
  brand,
  newPostId,
  postDueOnOwnChannel,
  postPublishing,
  publishedPost,
  submission,
  useHarnessWithBrand,
} from '../support/twin-harness.js';

// Rounds at 1 h and 24 h, as a stack deployed with `-c metricsScheduleHours=1,24` plans them.
const harness = useHarnessWithBrand({ trusted: false, app: { metricsScheduleHours: [1, 24] } });

const sandboxPosts = (channel: string) => itemsBeginningWith(`SANDBOX#${channel}`, 'POST#');

/** RecordChannelFailure for a post's own channel, failed with `errorName`. */
const ownChannelFailed = (
  due: { postId: string; executionName: string; channel: string },
  errorName: string,
) => harness.h.recordChannelFailure({ ...due, revision: 1, error: { Error: errorName } });

describe('PublishToChannel', () => {
  it('publishes once: a repeat returns the same post and the sandbox holds one', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postPublishing(harness, postId);
    const input = { postId, executionName, revision: 1, channel: 'x' };
    const first = await harness.h.publishToChannel(input);
    // Act
    const second = await harness.h.publishToChannel(input);
    // Assess
    expect(first).toMatchObject({ channel: 'x', status: 'published' });
    expect(first.url).toBe(`https://sandbox.brandflow.local/x/${first.externalId}`);
    expect(second).toEqual(first);
    expect((await sandboxPosts('x')).filter((p) => p.postId === postId)).toHaveLength(1);
    expect(await harness.db.listPublishRecords(postId)).toEqual([
      expect.objectContaining({
        channel: 'x',
        status: 'published',
        attempts: 1,
        idempotencyKey: `${postId}:x:r1`,
      }),
    ]);
  });

  it('fails transiently the configured number of times, then publishes on the retry', async () => {
    // Prepare
    const { postId, executionName, channel } = await postDueOnOwnChannel(harness, {
      kind: 'transient',
      times: 2,
    });
    const input = { postId, executionName, revision: 1, channel };
    await expect(harness.h.publishToChannel(input)).rejects.toMatchObject({ name: 'ChannelTransientError' });
    await expect(harness.h.publishToChannel(input)).rejects.toMatchObject({ name: 'ChannelTransientError' });
    const afterFailures = await harness.db.listPublishRecords(postId);
    // Act
    const outcome = await harness.h.publishToChannel(input);
    // Assess
    expect(afterFailures[0]).toMatchObject({
      status: 'publishing',
      lastError: expect.stringContaining('Transient'),
    });
    expect(outcome.status).toBe('published');
    expect((await harness.db.listPublishRecords(postId))[0]).toMatchObject({
      status: 'published',
      attempts: 3,
    });
    expect(await sandboxPosts(channel)).toHaveLength(1);
  });

  it('reports a permanent failure as ChannelPermanentError, then records the channel failed', async () => {
    // Prepare
    const { postId, executionName, channel } = await postDueOnOwnChannel(harness, { kind: 'permanent' });
    const input = { postId, executionName, revision: 1, channel };
    const error = await harness.h.publishToChannel(input).catch((e: Error) => e);
    // Act
    const outcome = await harness.h.recordChannelFailure({
      ...input,
      error: { Error: 'ChannelPermanentError', Cause: JSON.stringify({ errorMessage: 'refused' }) },
    });
    // Assess
    expect(error).toMatchObject({ name: 'ChannelPermanentError' });
    expect(outcome).toEqual({ channel, status: 'failed', error: 'ChannelPermanentError: refused' });
    expect((await harness.db.listPublishRecords(postId))[0]).toMatchObject({ status: 'failed' });
    expect(await sandboxPosts(channel)).toHaveLength(0);
    expect(
      harness.aws.events('Channel Publish Failed').filter((e) => e.detail.postId === postId),
    ).toHaveLength(1);
  });
});

describe('RecordPublication and metrics', () => {
  it('marks a post published when any channel published and plans rounds after publication', async () => {
    // Act
    const { postId, recorded } = await publishedPost(harness);
    // Assess
    const post = await harness.db.getPost(postId);
    expect(post?.status).toBe('published');
    const publishedAt = Date.parse(post?.publishedAt ?? '');
    expect(recorded.metricsRounds).toEqual([
      { round: 1, at: new Date(publishedAt + 3_600_000).toISOString().replace('.000', '') },
      { round: 2, at: new Date(publishedAt + 24 * 3_600_000).toISOString().replace('.000', '') },
    ]);
  });

  it('marks a post publish_failed with no rounds when every channel failed', async () => {
    // Prepare
    const { postId, executionName, channel } = await postDueOnOwnChannel(harness, { kind: 'permanent' });
    const failed = await ownChannelFailed({ postId, executionName, channel }, 'ChannelPermanentError');
    // Act
    const recorded = await harness.h.recordPublication({ postId, executionName, channelOutcomes: [failed] });
    const completed = await harness.h.completeLifecycle({
      postId,
      executionName,
      metricsOutcome: { roundsCollected: 0 },
    });
    // Assess
    expect(recorded.metricsRounds).toEqual([]);
    expect(completed).toMatchObject({ status: 'publish_failed' });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'publish_failed' });
  });

  it('plans re-check rounds when every channel failed and one ambiguously; a round that finds nothing keeps it publish_failed', async () => {
    // Prepare: the channel's only call may have reached the platform (its answer was lost).
    const { postId, executionName, channel } = await postDueOnOwnChannel(harness, { kind: 'permanent' });
    await dynamo.send(
      new UpdateCommand({
        TableName: harness.twin.env.TABLE_NAME,
        Key: { pk: `POST#${postId}`, sk: `PUBLISH#${channel}` },
        UpdateExpression:
          'SET ambiguous = :yes, idempotencyKey = :key, attempts = :one, #status = :publishing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':yes': true,
          ':key': `${postId}:${channel}:r1`,
          ':one': 1,
          ':publishing': 'publishing',
        },
      }),
    );
    const failed = await ownChannelFailed({ postId, executionName, channel }, 'ChannelTransientError');
    // Act
    const recorded = await harness.h.recordPublication({ postId, executionName, channelOutcomes: [failed] });
    const repeated = await harness.h.recordPublication({ postId, executionName, channelOutcomes: [failed] });
    const [first] = recorded.metricsRounds;
    if (!first) throw new Error('no re-check round planned');
    await harness.h.collectMetrics({ postId, executionName, ...first });
    // Assess
    expect(recorded.metricsRounds).toHaveLength(2);
    expect(repeated.metricsRounds).toEqual(recorded.metricsRounds);
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'publish_failed', lastMetricsRound: 1 });
    expect(harness.aws.events('Metrics Collected').filter((e) => e.detail.postId === postId)).toEqual([]);
  });

  it('keeps the first metric snapshot of a round: a repeat never overwrites it', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const round = recorded.metricsRounds[1];
    if (!round) throw new Error('no round 2');
    await harness.h.collectMetrics({ postId, executionName, ...round });
    const first = await harness.db.listMetricSnapshots(postId);
    // Act
    await harness.h.collectMetrics({ postId, executionName, ...round });
    // Assess
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ channel: 'x', round: 2, metrics: { impressions: expect.any(Number) } });
    expect(first[0]?.metrics.impressions).toBeGreaterThan(0);
    expect(await harness.db.listMetricSnapshots(postId)).toEqual(first);
    expect(harness.aws.events('Metrics Collected').filter((e) => e.detail.postId === postId)).toHaveLength(1);
  });

  it('grows the sandbox metrics with the hours since publication', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    // Act
    for (const round of recorded.metricsRounds)
      await harness.h.collectMetrics({ postId, executionName, ...round });
    // Assess
    const [early, late] = await harness.db.listMetricSnapshots(postId);
    expect(late?.metrics.impressions).toBeGreaterThan(early?.metrics.impressions ?? Number.POSITIVE_INFINITY);
  });

  it('completes the lifecycle once and says whether every round ran', async () => {
    // Prepare
    const { postId, executionName } = await publishedPost(harness);
    const input = { postId, executionName, metricsOutcome: { Error: 'States.Timeout' } };
    await harness.h.completeLifecycle(input);
    const logBefore = await harness.db.listLifecycleLog(postId);
    // Act
    const repeat = await harness.h.completeLifecycle(input);
    // Assess
    expect(repeat).toMatchObject({ status: 'completed', allMetricsRoundsCollected: false });
    expect(await harness.db.getPost(postId)).toMatchObject({
      status: 'completed',
      allMetricsRoundsCollected: false,
    });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
  });
});

describe('RecordWorkflowFailure', () => {
  it('marks the post failed with the error name only and announces it', async () => {
    // Prepare
    const postId = newPostId();
    const submitted = await harness.h.submitPost(submission(postId));
    const executionName = submitted.status === 'submitted' ? submitted.executionName : '';
    // Act
    await harness.h.recordWorkflowFailure({
      postId,
      executionName,
      failure: { Error: 'Lambda.ServiceException', Cause: 'service unavailable' },
    });
    // Assess
    expect(await harness.db.getPost(postId)).toMatchObject({
      status: 'failed',
      failure: { error: 'Lambda.ServiceException', message: 'service unavailable' },
    });
    expect(harness.aws.events('Post Failed').filter((e) => e.detail.postId === postId)).toHaveLength(1);
  });
});

describe('re-checking a channel failed after an ambiguous call', () => {
  it('corrects the channel once it is found published, says so once, and reads its metrics', async () => {
    // Prepare: mastodon was marked failed after a call whose answer was lost, and the platform
    // holds the post after all.
    const { postId, executionName, recorded } = await publishedPost(harness);
    await dynamo.send(
      new UpdateCommand({
        TableName: harness.twin.env.TABLE_NAME,
        Key: { pk: `POST#${postId}`, sk: 'PUBLISH#mastodon' },
        UpdateExpression: 'SET ambiguous = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    const accepted = await createSandboxAdapter(brand.channels[1] as ChannelConfig).publish({
      idempotencyKey: `${postId}:mastodon:r1`,
      postId,
      content: { text: 'Spring is here, see our new range' },
    });
    const [first, second] = recorded.metricsRounds;
    // Act
    await harness.h.collectMetrics({ postId, executionName, ...first });
    await harness.h.collectMetrics({ postId, executionName, ...second });
    // Assess
    const mastodon = (await harness.db.listPublishRecords(postId)).find((r) => r.channel === 'mastodon');
    expect(mastodon).toMatchObject({
      status: 'published',
      externalId: accepted.externalId,
      url: accepted.url,
    });
    expect(mastodon?.ambiguous).toBeUndefined();
    const corrections = harness.aws
      .events('Channel Publish Corrected')
      .filter((e) => e.detail.postId === postId);
    expect(corrections.map((e) => e.detail)).toEqual([
      expect.objectContaining({ channel: 'mastodon', externalId: accepted.externalId, url: accepted.url }),
    ]);
    const snapshots = await harness.db.listMetricSnapshots(postId);
    expect(snapshots.filter((s) => s.channel === 'mastodon').map((s) => s.round)).toEqual([1, 2]);
    const log = await harness.db.listLifecycleLog(postId);
    expect(log.filter((entry) => entry.action === 'channel_corrected')).toHaveLength(1);
  });

  it('leaves a failed channel alone when its failure was not ambiguous', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    await createSandboxAdapter(brand.channels[1] as ChannelConfig).publish({
      idempotencyKey: `${postId}:mastodon:r1`,
      postId,
      content: { text: 'Spring is here, see our new range' },
    });
    // Act
    await harness.h.collectMetrics({ postId, executionName, ...recorded.metricsRounds[0] });
    // Assess
    const mastodon = (await harness.db.listPublishRecords(postId)).find((r) => r.channel === 'mastodon');
    expect(mastodon?.status).toBe('failed');
    expect(harness.aws.events('Channel Publish Corrected').filter((e) => e.detail.postId === postId)).toEqual(
      [],
    );
  });
});
