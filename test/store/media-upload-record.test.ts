import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable } from '../support/dynamodb.js';

// Upload ids on the publish record (DynamoDB Local): stored by the lease's holder the moment
// the platform names them, and handed back to the next attempt.

type Records = typeof import('../../functions/persistence/publish-records.js');
type PublishChannel = typeof import('../../functions/use-cases/publish-channel.js');
let records: Records;
let publishChannel: PublishChannel;
let counter = 0;

beforeAll(async () => {
  await createTestTable();
  [records, publishChannel] = await Promise.all([
    import('../../functions/persistence/publish-records.js'),
    import('../../functions/use-cases/publish-channel.js'),
  ]);
});
function newInput(revision = 1) {
  counter += 1;
  const postId = `media-record-${Date.now().toString(36)}-${counter}`;
  return { postId, channel: 'mastodon', revision, executionName: `${postId}-r${revision}` };
}

async function acquired(input: ReturnType<typeof newInput>) {
  const claim = await records.claimPublish(input);
  if (claim.outcome !== 'acquired') throw new Error(`lease not acquired: ${claim.outcome}`);
  return claim;
}

describe('upload ids on the publish record', () => {
  it('stores each upload’s platform id as it is named and hands them to the next attempt', async () => {
    // Prepare
    const input = newInput();
    const first = await acquired(input);

    // Act
    await records.recordMediaUpload(input.postId, input.channel, first.owner, 'a-1', '109001');
    await records.recordMediaUpload(input.postId, input.channel, first.owner, 'a-2', '109002');
    await records.recordPublishError(input.postId, input.channel, first.owner, 'ChannelTransientError: 503');
    const second = await acquired(input);

    // Assess
    expect(second.record.uploadedMedia).toEqual({ 'a-1': '109001', 'a-2': '109002' });
    const request = publishChannel.publishRequestOf(
      { postId: input.postId, scheduledAt: '2030-01-01T09:00:00Z' } as never,
      second.record,
      { text: 'Spring', assets: ['a-1', 'a-2'] },
    );
    expect(request.uploadedMedia).toEqual({ 'a-1': '109001', 'a-2': '109002' });
  });

  it('refuses an upload id from an attempt whose lease passed to another, keeping the holder’s', async () => {
    // Prepare
    const input = newInput();
    const stale = await acquired(input);
    await records.recordPublishError(input.postId, input.channel, stale.owner, 'timeout');
    const holder = await acquired(input);
    await records.recordMediaUpload(input.postId, input.channel, holder.owner, 'a-1', 'held-1');

    // Act
    const late = records.recordMediaUpload(input.postId, input.channel, stale.owner, 'a-1', 'stale-1');

    // Assess
    await expect(late).rejects.toMatchObject({
      name: 'ConcurrentChangeError',
      context: expect.objectContaining({ assetId: 'a-1', mediaId: 'stale-1' }),
    });
    const record = await records.getPublishRecord(input.postId, input.channel);
    expect(record?.uploadedMedia).toEqual({ 'a-1': 'held-1' });
  });

  it('forgets the uploads of an earlier revision: an edited post uploads its media afresh', async () => {
    // Prepare
    const input = newInput(1);
    const first = await acquired(input);
    await records.recordMediaUpload(input.postId, input.channel, first.owner, 'a-1', 'r1-media');
    await records.recordPublishError(input.postId, input.channel, first.owner, 'refused');

    // Act
    const next = await acquired({ ...input, revision: 2, executionName: `${input.postId}-r2` });

    // Assess
    expect(next.record.uploadedMedia).toEqual({});
  });
});
