import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../functions/channels/channel-adapter.js';
import type { LocalS3 } from '../../local/s3-server.js';
import { attemptsUntilPublished, failureOf } from '../support/channel-failure.js';
import { jpeg, mp4 } from '../support/media-fixtures.js';
import { GRAPH_TOKEN, startFakeContainers } from '../support/platforms/graph.js';
import {
  idempotencyKeys,
  mediaAdapter,
  recordedRequest,
  startAssetBucket,
  storedAttachment,
} from '../support/stored-media.js';

/*
 * Instagram and Threads media against their fake Graph servers, which fetch each asset through
 * the presigned URL from the twin's S3 server as Meta fetches it. Each attempt is one run of
 * PublishToChannel; the request keeps what the publish record keeps between attempts.
 */

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startAssetBucket();
});
afterAll(() => s3?.stop());

describe.each(['instagram', 'threads'] as const)('%s media from the asset library', (platform) => {
  let fake: Awaited<ReturnType<typeof startFakeContainers>>;
  let adapter: ChannelAdapter;
  const key = idempotencyKeys(platform);
  const brand = `brand-${platform}`;

  beforeAll(async () => {
    fake = await startFakeContainers(platform, '1784', { videoProcessingReads: 1 });
    adapter = await mediaAdapter(
      {
        id: platform,
        adapter: platform,
        account: `acme-${platform}`,
        maxLength: 2200,
        settings: { baseUrl: fake.base, userId: '1784' },
      },
      GRAPH_TOKEN,
    );
  });
  afterAll(() => fake?.server.close());

  it('publishes an image the platform fetched from the stored version, with its alt text', async () => {
    // Prepare
    const bytes = jpeg(1080, 1080);
    const photo = await storedAttachment(brand, `photo-${platform}`, bytes, 'A cup on a wooden table');
    const request = recordedRequest(key(), 'The spring blend', [photo]);

    // Act
    const { published } = await attemptsUntilPublished(adapter, request);

    // Assess
    const container = fake.containers.get(request.containerId ?? '');
    expect(container?.fetched).toEqual(bytes);
    expect(container?.altText).toBe('A cup on a wooden table');
    expect(fake.posts.filter((p) => p.id === published.externalId)).toHaveLength(1);
  });

  it('publishes a video once it is processed, waiting without making another container', async () => {
    // Prepare
    const bytes = mp4(1080, 1920, 12);
    const video = await storedAttachment(brand, `video-${platform}`, bytes);
    const request = recordedRequest(key(), 'Brewed on camera', [video]);
    const containersBefore = fake.containers.size;

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['processing']);
    expect(fake.containers.size).toBe(containersBefore + 1);
    const container = fake.containers.get(request.containerId ?? '');
    expect(container?.mediaType).toBe(platform === 'instagram' ? 'REELS' : 'VIDEO');
    expect(container?.fetched).toEqual(bytes);
    expect(fake.posts.find((p) => p.id === published.externalId)?.media_type).toBe(container?.mediaType);
  });

  it('publishes a carousel of an image and a video in order, each item made once', async () => {
    // Prepare
    const photo = await storedAttachment(brand, `c-photo-${platform}`, jpeg(1080, 1350), 'The bag of beans');
    const video = await storedAttachment(brand, `c-video-${platform}`, mp4(1080, 1350, 8));
    const request = recordedRequest(key(), 'Two ways to brew', [photo, video]);
    const containersBefore = fake.containers.size;

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['processing']);
    expect(fake.containers.size).toBe(containersBefore + 3);
    const items = [request.uploadedMedia?.[photo.assetId], request.uploadedMedia?.[video.assetId]];
    const carousel = fake.containers.get(request.containerId ?? '');
    expect(carousel).toMatchObject({ mediaType: 'CAROUSEL', children: items });
    expect(items.map((id) => fake.containers.get(id ?? '')?.carouselItem)).toEqual([true, true]);
    expect(fake.posts.find((p) => p.id === published.externalId)).toMatchObject({
      media_type: 'CAROUSEL',
      children: items.join(','),
    });
  });

  it('retries a failed item without making the items already made again', async () => {
    // Prepare: the platform fails the third item's creation.
    const photos = await Promise.all(
      [1, 2, 3].map((n) => storedAttachment(brand, `r-${n}-${platform}`, jpeg(1080, 1080), `Photo ${n}`)),
    );
    const request = recordedRequest(key(), 'Three cups', photos);
    fake.server.inject({
      on: 'container',
      type: 'error',
      status: 500,
      body: { error: { message: 'An unexpected error has occurred', code: 2, is_transient: true } },
      skip: 2,
    });
    const containersBefore = fake.containers.size;

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['transient']);
    expect(request.uploads.map(([assetId]) => assetId)).toEqual(photos.map((p) => p.assetId));
    expect(fake.containers.size).toBe(containersBefore + 4);
    expect(fake.posts.filter((p) => p.id === published.externalId)).toHaveLength(1);
  });

  it('fails for good, naming the asset and the reason, when the video cannot be processed', async () => {
    // Prepare
    const video = await storedAttachment(brand, `broken-${platform}`, mp4(1080, 1920, 12));
    const request = recordedRequest(key(), 'A broken video', [video]);
    fake.failNextVideo('FAILED_PROCESSING_VIDEO');
    const postsBefore = fake.posts.length;

    // Act
    const first = await failureOf(adapter.publish(request));
    const second = await failureOf(adapter.publish(request));

    // Assess
    expect(first.kind).toBe('processing');
    expect(second.kind).toBe('permanent');
    expect(second.message).toContain(`asset ${video.assetId}`);
    expect(second.message).toContain('FAILED_PROCESSING_VIDEO');
    expect(fake.posts.length).toBe(postsBefore);
  });

  it('fails for good, naming the carousel item’s asset, when one item’s video cannot be processed', async () => {
    // Prepare
    const photo = await storedAttachment(brand, `ok-${platform}`, jpeg(1080, 1080), 'A cup');
    const video = await storedAttachment(brand, `bad-${platform}`, mp4(1080, 1080, 8));
    const request = recordedRequest(key(), 'A carousel with a broken video', [photo, video]);
    fake.failNextVideo('FAILED_DOWNLOADING_VIDEO');

    // Act
    const first = await failureOf(adapter.publish(request));
    const second = await failureOf(adapter.publish(request));

    // Assess
    expect(first.kind).toBe('processing');
    expect(second).toMatchObject({ kind: 'permanent' });
    expect(second.message).toContain(`asset ${video.assetId}`);
    expect(request.containerId).toBeUndefined();
  });
});
