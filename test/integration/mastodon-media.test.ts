import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import { createMastodonAdapter } from '../../functions/channels/mastodon.js';
import { mastodonMediaLimits } from '../../functions/channels/media/mastodon-media.js';
import { MediaType } from '../../functions/domain/media.js';
import { channelMediaProblems, mediaLimitsFor } from '../../functions/domain/media-rules.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { attachmentOf, mediaRequest, whileVideosFail } from '../support/media-attachments.js';
import { gif, mp4, png } from '../support/media-fixtures.js';
import { expectVideoRefusedForGood } from '../support/media-outcomes.js';
import { MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';

const mastodon = useFakePlatform(() => startFakeMastodon());
// An instance taking images up to 1,000 bytes and no WebP, two attachments a status.
const small = useFakePlatform(() =>
  startFakeMastodon({
    statuses: { max_media_attachments: 2 },
    media_attachments: { supported_mime_types: ['image/png', 'video/mp4'], image_size_limit: 1_000 },
  }),
);

function adapterOn(fake = mastodon) {
  return createMastodonAdapter(
    {
      id: 'mastodon',
      adapter: 'mastodon',
      account: 'acme-mastodon',
      maxLength: 500,
      settings: { instanceUrl: fake.server.url },
    },
    {
      credentials: memoryCredentials('acme-mastodon', { accessToken: MASTODON_TOKEN }).store,
      http: { timeoutMs: 2_000 },
    },
  );
}

const requestWith = (media: PublishRequest['media'], stored?: Record<string, string>) =>
  mediaRequest('mastodon', media, stored);

const uploadsOf = (fake = mastodon) => fake.server.requests.filter((r) => r.path === '/api/v2/media').length;

describe('Mastodon media uploads', () => {
  it('uploads an image with its alt text as description and attaches it to the status', async () => {
    // Prepare
    const file = png(1200, 675);
    const request = requestWith([attachmentOf('a-1', file, 'A cup on a table')]);

    // Act
    const published = await adapterOn().publish(request);

    // Assess
    const upload = mastodon.uploads.at(-1);
    expect(upload).toMatchObject({ type: 'image/png', description: 'A cup on a table' });
    expect(upload?.bytes.equals(file)).toBe(true);
    const status = mastodon.posts.find((s) => s.id === published.externalId);
    expect(status?.media_attachments).toEqual([expect.objectContaining({ id: upload?.id })]);
  });

  it('waits for a video the instance is still processing, then posts it', async () => {
    // Prepare
    mastodon.media.videoLooks = 2;
    const request = requestWith([attachmentOf('v-1', mp4(1280, 720, 12))]);
    const looksBefore = mastodon.server.requests.filter((r) => r.path.startsWith('/api/v1/media/')).length;

    // Act
    const published = await adapterOn().publish(request);

    // Assess
    const looks = mastodon.server.requests.filter((r) => r.path.startsWith('/api/v1/media/')).length;
    expect(looks - looksBefore).toBe(3);
    const status = mastodon.posts.find((s) => s.id === published.externalId);
    expect(status?.media_attachments).toEqual([expect.objectContaining({ type: 'video' })]);
  });

  it('gives the function’s time back while a video processes, and the next attempt only looks again', async () => {
    // Prepare
    mastodon.media.videoLooks = 1;
    const stored: Record<string, string> = {};
    const video = attachmentOf('v-2', mp4(1280, 720, 12));
    const hurried = { ...requestWith([video], stored), remainingTimeMs: () => 1_000 };
    const uploadsBefore = uploadsOf();

    // Act
    const first = await adapterOn()
      .publish(hurried)
      .catch((e: unknown) => e);
    const published = await adapterOn().publish({
      ...hurried,
      uploadedMedia: { ...stored },
      remainingTimeMs: undefined,
    });

    // Assess
    expect(first).toBeInstanceOf(ChannelFailure);
    expect(first).toMatchObject({ kind: 'processing', context: expect.objectContaining({ assetId: 'v-2' }) });
    expect(uploadsOf() - uploadsBefore).toBe(1);
    expect(video.reads).toBe(1);
    expect(mastodon.posts.find((s) => s.id === published.externalId)?.media_attachments).toHaveLength(1);
  });

  it('reuses what an attempt uploaded when its status call failed: one upload, one status', async () => {
    // Prepare
    const stored: Record<string, string> = {};
    const image = attachmentOf('a-3', png(800, 600), 'The bag of beans');
    const request = requestWith([image], stored);
    mastodon.server.inject({
      on: 'publish',
      type: 'error',
      status: 503,
      body: { error: 'Service Unavailable' },
    });
    const [uploadsBefore, statusesBefore] = [uploadsOf(), mastodon.posts.length];

    // Act
    const failed = await adapterOn()
      .publish(request)
      .catch((e: unknown) => e);
    const published = await adapterOn().publish({ ...request, uploadedMedia: { ...stored } });

    // Assess
    expect(failed).toMatchObject({ kind: 'transient' });
    expect(uploadsOf() - uploadsBefore).toBe(1);
    expect(mastodon.posts.length - statusesBefore).toBe(1);
    expect(mastodon.posts.at(-1)?.id).toBe(published.externalId);
    expect(image.reads).toBe(1);
  });

  it('fails a video the instance could not process for good, naming the asset, and posts nothing', async () => {
    // Prepare
    mastodon.media.videoLooks = 0;
    const request = requestWith([attachmentOf('v-bad', mp4(640, 360, 5))]);
    const statusesBefore = mastodon.posts.length;

    // Act
    const failure = await whileVideosFail(mastodon.media, () => adapterOn().publish(request));

    // Assess
    expectVideoRefusedForGood(failure, 'v-bad', 'v-bad');
    expect(mastodon.posts.length).toBe(statusesBefore);
  });

  it('reads the instance’s own limits once and refuses what they exclude, naming the asset and the rule', async () => {
    // Prepare
    const adapter = adapterOn(small);
    // A type the instance leaves out (an image over its size would be resized, not refused).
    const image = attachmentOf('big', gif(64, 64));
    const asset = { assetId: 'big', media: image.facts } as never;

    // Act
    const limits = await adapter.mediaLimits?.();
    await adapter.mediaLimits?.();
    const problems = channelMediaProblems('mastodon', 'mastodon', [asset], {
      altTextRequired: false,
      limits,
    });

    // Assess
    expect(small.server.requests.filter((r) => r.path === '/api/v2/instance')).toHaveLength(1);
    expect(limits).toMatchObject({ maxImages: 2, maxImageBytes: 1_000, imageTypes: [MediaType.Png] });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'content.mastodon.assets.big', rule: 'media-type' }),
    ]);
  });
});

describe('a Mastodon instance’s media limits', () => {
  it('never take more than the instance states, nor more than Mastodon’s defaults where it states nothing', () => {
    const defaults = mediaLimitsFor('mastodon');
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: undefined }),
        fc.option(fc.subarray([...defaults.imageTypes, ...defaults.videoTypes] as string[]), {
          nil: undefined,
        }),
        (maxAttachments, imageSizeLimit, supported) => {
          const limits = mastodonMediaLimits({
            statuses: { max_media_attachments: maxAttachments },
            media_attachments: { image_size_limit: imageSizeLimit, supported_mime_types: supported },
          });
          expect(limits.maxImages).toBe(maxAttachments ?? defaults.maxImages);
          expect(limits.maxVideos).toBeLessThanOrEqual(limits.maxImages);
          expect(limits.maxImageBytes).toBe(imageSizeLimit ?? defaults.maxImageBytes);
          for (const type of [...limits.imageTypes, ...limits.videoTypes]) {
            expect(supported ?? defaults.imageTypes.concat(defaults.videoTypes)).toContain(type);
          }
        },
      ),
    );
  });
});
