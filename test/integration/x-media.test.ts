import { describe, expect, it } from 'vitest';
import { ChannelFailure, type PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import { X_CHUNK_BYTES } from '../../functions/channels/media/x-media.js';
import { createXAdapter } from '../../functions/channels/x.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { attachmentOf, mediaRequest, whileVideosFail } from '../support/media-attachments.js';
import { gif, mp4, png } from '../support/media-fixtures.js';
import { expectVideoRefusedForGood } from '../support/media-outcomes.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { startFakeX } from '../support/platforms/x.js';

const x = useFakePlatform(() => startFakeX());

function adapter() {
  return createXAdapter(
    { id: 'x', adapter: 'x', account: 'acme-x', maxLength: 280, settings: { baseUrl: x.server.url } },
    {
      credentials: memoryCredentials('acme-x', { accessToken: x.tokens.access }).store,
      http: { timeoutMs: 2_000 },
    },
  );
}

const requestWith = (media: PublishRequest['media'], stored?: Record<string, string>) =>
  mediaRequest('x', media, stored);

const calls = (suffix: string) => x.server.requests.filter((r) => r.path.endsWith(suffix)).length;
const statusLooks = () => x.server.requests.filter((r) => r.query.get('command') === 'STATUS').length;

/** An MP4 of `bytes` in all: the fixture's boxes, then a `free` box filling the rest. */
function videoOf(bytes: number): Buffer {
  const head = mp4(1280, 720, 30);
  const free = Buffer.alloc(bytes - head.length);
  free.writeUInt32BE(free.length, 0);
  free.write('free', 4, 'latin1');
  return Buffer.concat([head, free]);
}

describe('X media uploads', () => {
  it('uploads an image in one chunk, sets its alt text and attaches it to the post', async () => {
    // Prepare
    const file = png(1200, 675);
    const request = requestWith([attachmentOf('a-1', file, 'A cup on a table')]);

    // Act
    const published = await adapter().publish(request);

    // Assess
    const upload = x.uploads.at(-1);
    expect(upload).toMatchObject({ type: 'image/png', category: 'tweet_image', alt: 'A cup on a table' });
    expect(Buffer.concat(upload?.chunks ?? []).equals(file)).toBe(true);
    expect(x.posts.find((t) => t.id === published.externalId)?.media_ids).toEqual([upload?.id]);
  });

  it('sends a large video in ordered chunks and waits for X to process it', async () => {
    // Prepare
    const file = videoOf(2 * X_CHUNK_BYTES + 1_000);
    const request = requestWith([attachmentOf('v-1', file)]);
    const looksBefore = statusLooks();

    // Act
    const published = await adapter().publish(request);

    // Assess
    const upload = x.uploads.at(-1);
    expect(upload?.chunks.map((c) => c.length)).toEqual([X_CHUNK_BYTES, X_CHUNK_BYTES, 1_000]);
    expect(Buffer.concat(upload?.chunks ?? []).equals(file)).toBe(true);
    expect(upload?.category).toBe('tweet_video');
    expect(statusLooks() - looksBefore).toBe(1);
    expect(x.posts.find((t) => t.id === published.externalId)?.media_ids).toEqual([upload?.id]);
  });

  it('reuses what an attempt uploaded when its post call failed: one upload, one post', async () => {
    // Prepare
    const stored: Record<string, string> = {};
    const image = attachmentOf('a-2', gif(64, 64), 'The shop sign');
    const request = requestWith([image], stored);
    x.server.inject({ on: 'publish', type: 'error', status: 429, body: { title: 'Too Many Requests' } });
    const [initsBefore, postsBefore] = [calls('/initialize'), x.posts.length];

    // Act
    const failed = await adapter()
      .publish(request)
      .catch((e: unknown) => e);
    const published = await adapter().publish({ ...request, uploadedMedia: { ...stored } });

    // Assess
    expect(failed).toMatchObject({ kind: 'rate_limited' });
    expect(calls('/initialize') - initsBefore).toBe(1);
    expect(image.reads).toBe(1);
    expect(x.posts.length - postsBefore).toBe(1);
    expect(x.posts.at(-1)).toMatchObject({ id: published.externalId, media_ids: [stored['a-2']] });
  });

  it('gives the function’s time back while a video processes, and the next attempt only asks STATUS', async () => {
    // Prepare
    const stored: Record<string, string> = {};
    const video = attachmentOf('v-2', mp4(640, 360, 8));
    const hurried = { ...requestWith([video], stored), remainingTimeMs: () => 1_000 };
    const initsBefore = calls('/initialize');

    // Act
    const first = await adapter()
      .publish(hurried)
      .catch((e: unknown) => e);
    const published = await adapter().publish({
      ...hurried,
      uploadedMedia: { ...stored },
      remainingTimeMs: undefined,
    });

    // Assess
    expect(first).toBeInstanceOf(ChannelFailure);
    expect(first).toMatchObject({ kind: 'processing', context: expect.objectContaining({ assetId: 'v-2' }) });
    expect(calls('/initialize') - initsBefore).toBe(1);
    expect(x.posts.find((t) => t.id === published.externalId)?.media_ids).toEqual([stored['v-2']]);
  });

  it('fails a video X could not process for good, naming the asset, and posts nothing', async () => {
    // Prepare
    const request = requestWith([attachmentOf('v-bad', mp4(640, 360, 5))]);
    const postsBefore = x.posts.length;

    // Act
    const failure = await whileVideosFail(x.media, () => adapter().publish(request));

    // Assess
    expectVideoRefusedForGood(failure, 'v-bad', 'Unsupported video codec');
    expect(x.posts.length).toBe(postsBefore);
  });
});
