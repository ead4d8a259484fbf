import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { createSandboxAdapter } from '../../functions/channels/sandbox.js';
import type { LocalTemplate } from '../../local/core/template.js';
import { type Harness, postDueOnOwnChannel, startHarnessWithBrand } from '../support/twin-harness.js';

/**
 * PublishToChannel deployed with a 3-second timeout: an attempt that finds the lease held may
 * wait for it only about a second (its remaining time less the reserve kept back).
 */
const PUBLISH_TIMEOUT_SECONDS = 3;
const withShortPublishTimeout = (template: LocalTemplate): LocalTemplate => ({
  ...template,
  functions: Object.fromEntries(
    Object.entries(template.functions).map(([id, fn]) => [
      id,
      fn.entry === 'functions/handlers/publish-to-channel.ts'
        ? { ...fn, timeoutSeconds: PUBLISH_TIMEOUT_SECONDS }
        : fn,
    ]),
  ),
});

let harness: Harness;
let claimPublish: typeof import('../../functions/persistence/publish-records.js').claimPublish;
let recordPublished: typeof import('../../functions/persistence/publish-records.js').recordPublished;

beforeAll(async () => {
  harness = await startHarnessWithBrand({ trusted: false, adapt: withShortPublishTimeout });
  ({ claimPublish, recordPublished } = await import('../../functions/persistence/publish-records.js'));
});
afterAll(() => harness.aws.close());

/**
 * A post due on a sandbox channel that counts every publish call it receives (a transient
 * failure configured for zero attempts never fails but counts).
 */
async function duePostOnCountingChannel() {
  const due = await postDueOnOwnChannel(harness, { kind: 'transient', times: 0 });
  const { postId, channel } = due;
  const input = { postId, channel, executionName: due.executionName, revision: 1, rateLimitWaits: 0 };
  const platformCalls = async () => {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: harness.twin.env.TABLE_NAME,
        Key: { pk: `SANDBOX#${channel}`, sk: `ATTEMPTS#publish#${postId}:${channel}:r1` },
        ConsistentRead: true,
      }),
    );
    return Number(Item?.attempts ?? 0);
  };
  return { ...due, input, platformCalls };
}

/** Test-only: moves a lease's expiry, as the clock passing it would. */
async function expireLease(postId: string, channel: string) {
  await dynamo.send(
    new UpdateCommand({
      TableName: harness.twin.env.TABLE_NAME,
      Key: { pk: `POST#${postId}`, sk: `PUBLISH#${channel}` },
      UpdateExpression: 'SET leaseExpiresAt = :past',
      ExpressionAttributeValues: { ':past': Date.now() - 1 },
    }),
  );
}

const sandboxPost = {
  externalId: 'first-attempt',
  url: 'https://sandbox.brandflow.local/first',
  publishedAt: '2030-01-01T09:00:00Z',
};

describe('PublishToChannel lease', () => {
  it('takes the lease for its execution and attempt, and gives it back once published', async () => {
    // Prepare
    const { postId, channel, executionName, input, platformCalls } = await duePostOnCountingChannel();
    // Act
    const outcome = await harness.h.publishToChannel(input);
    // Assess
    expect(outcome).toMatchObject({ channel, status: 'published' });
    expect(await platformCalls()).toBe(1);
    const [record] = await harness.db.listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', attempts: 1 });
    expect(record?.leaseOwner).toBeUndefined();
    expect(record?.intentAt).toEqual(expect.any(String));
    expect(executionName).toBe(`${postId}-r1`);
  });

  it('does not call the platform while another attempt holds the lease, and returns that attempt’s outcome', async () => {
    // Prepare: the first attempt holds the lease and is still calling the platform.
    const { postId, channel, input, platformCalls } = await duePostOnCountingChannel();
    const first = await claimPublish(input);
    expect(first.outcome).toBe('acquired');
    // Act: the overlapping attempt starts, then the first one's answer is stored.
    const overlapping = harness.h.publishToChannel(input);
    await recordPublished(postId, channel, sandboxPost);
    const outcome = await overlapping;
    // Assess
    expect(outcome).toEqual({
      channel,
      status: 'published',
      externalId: 'first-attempt',
      url: sandboxPost.url,
    });
    expect(await platformCalls()).toBe(0);
  });

  it('fails as PublishLeaseHeld, without calling the platform, when the holder outlasts its own time', async () => {
    // Prepare
    const { postId, input, platformCalls } = await duePostOnCountingChannel();
    const first = await claimPublish(input);
    // Act
    const attempt = harness.h.publishToChannel(input);
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'PublishLeaseHeld' });
    expect(await platformCalls()).toBe(0);
    const [record] = await harness.db.listPublishRecords(postId);
    expect(record).toMatchObject({
      status: 'publishing',
      leaseOwner: first.outcome === 'acquired' ? first.owner : '',
    });
  });

  it('takes over an expired lease, finds what the crashed attempt published, and never posts twice', async () => {
    // Prepare: the first attempt published on the platform, then crashed before storing the answer.
    const { postId, channel, input, platformCalls } = await duePostOnCountingChannel();
    const first = await claimPublish(input);
    if (first.outcome !== 'acquired') throw new Error(first.outcome);
    const adapter = createSandboxAdapter({
      id: channel,
      adapter: 'sandbox',
      maxLength: 100,
      failure: { kind: 'transient', times: 0 },
    });
    const accepted = await adapter.publish({
      idempotencyKey: first.record.idempotencyKey,
      postId,
      content: { text: 'Hello' },
    });
    await expireLease(postId, channel);
    // Act
    const outcome = await harness.h.publishToChannel(input);
    // Assess
    expect(outcome).toEqual({
      channel,
      status: 'published',
      externalId: accepted.externalId,
      url: accepted.url,
    });
    expect(await platformCalls()).toBe(1);
    const [record] = await harness.db.listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', attempts: 2, externalId: accepted.externalId });
  });

  it('gives the lease back after a failed call, so the retry proceeds at once', async () => {
    // Prepare
    const { postId, channel, executionName } = await postDueOnOwnChannel(harness, {
      kind: 'transient',
      times: 1,
    });
    const input = { postId, channel, executionName, revision: 1 };
    await expect(harness.h.publishToChannel(input)).rejects.toMatchObject({ name: 'ChannelTransientError' });
    const [afterFailure] = await harness.db.listPublishRecords(postId);
    // Act
    const outcome = await harness.h.publishToChannel(input);
    // Assess
    expect(afterFailure?.leaseOwner).toBeUndefined();
    expect(outcome).toMatchObject({ channel, status: 'published' });
  });
});
