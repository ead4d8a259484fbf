import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../functions/channels/channel-adapter.js';
import type { LocalS3 } from '../../local/s3-server.js';
import { attemptsUntilPublished, failureOf } from '../support/channel-failure.js';
import { jpeg, mp4, png } from '../support/media-fixtures.js';
import { GRAPH_TOKEN, startFakeFacebook } from '../support/platforms/graph.js';
import {
  idempotencyKeys,
  mediaAdapter,
  recordedRequest,
  startAssetBucket,
  storedAttachment,
} from '../support/stored-media.js';

/*
 * Facebook Page media against the fake Graph server, which fetches each asset through the
 * presigned URL from the twin's S3 server as Facebook does: one photo on /photos, several
 * unpublished photos attached to one /feed post, a video on /videos published once processed.
 */

const PAGE = '4242';
let s3: LocalS3;
let fake: Awaited<ReturnType<typeof startFakeFacebook>>;
let adapter: ChannelAdapter;
const key = idempotencyKeys('facebook');

beforeAll(async () => {
  s3 = await startAssetBucket();
  fake = await startFakeFacebook(PAGE, { videoProcessingReads: 1 });
  adapter = await mediaAdapter(
    {
      id: 'facebook',
      adapter: 'facebook',
      account: 'acme-fb',
      maxLength: 5000,
      settings: { baseUrl: fake.server.url, pageId: PAGE },
    },
    GRAPH_TOKEN,
  );
});
afterAll(async () => {
  await fake?.server.close();
  await s3?.stop();
});

const postOf = (externalId: string) => fake.posts.find((p) => p.id === externalId);
const photoCalls = () => fake.server.requests.filter((r) => r.path === `/${PAGE}/photos`).length;

describe('Facebook media from the asset library', () => {
  it('posts one photo Facebook fetched from the stored version, with its alt text', async () => {
    // Prepare
    const bytes = png(1200, 630);
    const photo = await storedAttachment('acme', 'fb-photo', bytes, 'A cup on a table');
    const request = recordedRequest(key(), 'The spring blend', [photo]);

    // Act
    const { published } = await attemptsUntilPublished(adapter, request);

    // Assess
    const [photoId] = postOf(published.externalId)?.attachments ?? [];
    expect(fake.photos.get(photoId ?? '')).toEqual({
      fetched: bytes,
      published: true,
      altText: 'A cup on a table',
    });
    expect(postOf(published.externalId)?.message).toBe('The spring blend');
  });

  it('posts several photos as one post, each uploaded unpublished then attached in order', async () => {
    // Prepare
    const photos = await Promise.all(
      [1, 2, 3].map((n) => storedAttachment('acme', `fb-many-${n}`, jpeg(1080, 1080), `Cup ${n}`)),
    );
    const request = recordedRequest(key(), 'Three cups', photos);

    // Act
    const { published } = await attemptsUntilPublished(adapter, request);

    // Assess
    const ids = photos.map((p) => request.uploadedMedia?.[p.assetId]);
    expect(postOf(published.externalId)?.attachments).toEqual(ids);
    expect(ids.map((id) => fake.photos.get(id ?? '')?.altText)).toEqual(['Cup 1', 'Cup 2', 'Cup 3']);
  });

  it('retries a failed photo upload without uploading the finished ones again', async () => {
    // Prepare: Facebook fails the second photo's upload once.
    const photos = await Promise.all(
      [1, 2, 3].map((n) => storedAttachment('acme', `fb-retry-${n}`, jpeg(1080, 1080), `Cup ${n}`)),
    );
    const request = recordedRequest(key(), 'Three cups, retried', photos);
    fake.server.inject({
      on: 'publish',
      type: 'error',
      status: 500,
      body: { error: { message: 'An unexpected error has occurred', code: 2, is_transient: true } },
      skip: 1,
    });
    const before = photoCalls();

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['transient']);
    expect(request.uploads.map(([assetId]) => assetId)).toEqual(['fb-retry-1', 'fb-retry-2', 'fb-retry-3']);
    // Three photos once each, plus the refused attempt at the second.
    expect(photoCalls() - before).toBe(4);
    expect(fake.posts.filter((p) => p.id === published.externalId)).toHaveLength(1);
  });

  it('posts a video once Facebook has processed it, never uploading it twice', async () => {
    // Prepare
    const bytes = mp4(1280, 720, 30);
    const video = await storedAttachment('acme', 'fb-video', bytes);
    const request = recordedRequest(key(), 'Brewed on camera', [video]);
    const videosBefore = fake.videos.size;

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['processing']);
    expect(fake.videos.size).toBe(videosBefore + 1);
    expect(fake.videos.get(published.externalId)?.fetched).toEqual(bytes);
    expect(fake.posts.filter((p) => p.attachments?.includes(published.externalId))).toHaveLength(1);
  });

  it('fails for good, naming the asset, when Facebook cannot process the video', async () => {
    // Prepare
    const video = await storedAttachment('acme', 'fb-broken', mp4(1280, 720, 30));
    const request = recordedRequest(key(), 'A broken video', [video]);
    fake.failNextVideo('The video file is corrupt');
    const postsBefore = fake.posts.length;

    // Act
    const first = await failureOf(adapter.publish(request));
    const second = await failureOf(adapter.publish(request));

    // Assess
    expect(first.kind).toBe('processing');
    expect(second.kind).toBe('permanent');
    expect(second.message).toContain('asset fb-broken');
    expect(second.message).toContain('The video file is corrupt');
    expect(fake.posts.length).toBe(postsBefore);
  });
});
