import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../functions/channels/channel-adapter.js';
import type { LocalS3 } from '../../local/s3-server.js';
import { attemptsUntilPublished, failureOf } from '../support/channel-failure.js';
import { jpeg, mp4, png } from '../support/media-fixtures.js';
import { LINKEDIN_TOKEN, startFakeLinkedIn } from '../support/platforms/linkedin.js';
import {
  idempotencyKeys,
  mediaAdapter,
  recordedRequest,
  startAssetBucket,
  storedAttachment,
} from '../support/stored-media.js';

/*
 * LinkedIn media against its fake REST API: the Images API (initializeUpload, PUT), the Videos
 * API (initializeUpload, one PUT per part, finalizeUpload) and the post naming the URNs once
 * AVAILABLE. The bytes are read from the stored versions on the twin's S3 server.
 */

const ORGANIZATION = 'urn:li:organization:1';
let s3: LocalS3;
let fake: Awaited<ReturnType<typeof startFakeLinkedIn>>;
let adapter: ChannelAdapter;
const key = idempotencyKeys('linkedin');

beforeAll(async () => {
  s3 = await startAssetBucket();
  // Parts of 100 bytes: a small test video uploads in several parts, as a large one does in 4 MB parts.
  fake = await startFakeLinkedIn({ partBytes: 100, videoProcessingReads: 1 });
  adapter = await mediaAdapter(
    {
      id: 'linkedin',
      adapter: 'linkedin',
      account: 'acme-li',
      maxLength: 3000,
      settings: { baseUrl: fake.server.url, organizationUrn: ORGANIZATION },
    },
    LINKEDIN_TOKEN,
  );
});
afterAll(async () => {
  await fake?.server.close();
  await s3?.stop();
});

const postOf = (externalId: string) => fake.posts.find((p) => p.id === externalId);
const uploadPuts = () => fake.server.requests.filter((r) => r.method === 'PUT').length;

describe('LinkedIn media from the asset library', () => {
  it('posts an image uploaded through the Images API, with its alt text', async () => {
    // Prepare
    const bytes = png(1200, 627);
    const photo = await storedAttachment('acme', 'li-photo', bytes, 'A cup on a table');
    const request = recordedRequest(key(), 'The spring blend', [photo]);

    // Act
    const { published } = await attemptsUntilPublished(adapter, request);

    // Assess
    const urn = request.uploadedMedia?.['li-photo'] ?? '';
    expect(urn).toMatch(/^urn:li:image:/);
    expect(postOf(published.externalId)?.content).toEqual({
      media: { id: urn, altText: 'A cup on a table' },
    });
    expect(fake.uploads.get(urn)?.bytes).toEqual(bytes);
  });

  it('posts several images as one multi-image post, in order', async () => {
    // Prepare
    const photos = await Promise.all(
      ['first', 'second', 'third'].map((name) =>
        storedAttachment('acme', `li-${name}`, jpeg(1200, 1200), `The ${name} cup`),
      ),
    );
    const request = recordedRequest(key(), 'Three cups', photos);

    // Act
    const { published } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(postOf(published.externalId)?.content).toEqual({
      multiImage: {
        images: photos.map((p) => ({ id: request.uploadedMedia?.[p.assetId], altText: p.alt })),
      },
    });
  });

  it('uploads a video in parts, finalizes it and posts it once LinkedIn reports it AVAILABLE', async () => {
    // Prepare
    const bytes = mp4(1920, 1080, 12);
    const video = await storedAttachment('acme', 'li-video', bytes);
    const request = recordedRequest(key(), 'Brewed on camera', [video]);
    const putsBefore = uploadPuts();

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['processing']);
    const urn = request.uploadedMedia?.['li-video'] ?? '';
    expect(urn).toMatch(/^urn:li:video:/);
    expect(uploadPuts() - putsBefore).toBe(Math.ceil(bytes.length / 100));
    expect(fake.uploads.get(urn)?.bytes).toEqual(bytes);
    expect(postOf(published.externalId)?.content).toEqual({ media: { id: urn } });
  });

  it('retries a failed upload without sending the finished ones again', async () => {
    // Prepare: the second image's bytes are refused once.
    const photos = await Promise.all(
      [1, 2, 3].map((n) => storedAttachment('acme', `li-retry-${n}`, jpeg(1200, 1200), `Cup ${n}`)),
    );
    const request = recordedRequest(key(), 'Three cups, retried', photos);
    fake.server.inject({
      on: 'upload',
      type: 'error',
      status: 500,
      body: { message: 'Internal error' },
      skip: 1,
    });
    const putsBefore = uploadPuts();

    // Act
    const { published, failures } = await attemptsUntilPublished(adapter, request);

    // Assess
    expect(failures).toEqual(['transient']);
    expect(request.uploads.map(([assetId]) => assetId)).toEqual(['li-retry-1', 'li-retry-2', 'li-retry-3']);
    // Three images sent once each, plus the refused attempt at the second.
    expect(uploadPuts() - putsBefore).toBe(4);
    expect(fake.posts.filter((p) => p.id === published.externalId)).toHaveLength(1);
  });

  it('fails for good, naming the asset, when LinkedIn cannot process the video, and posts nothing', async () => {
    // Prepare
    const video = await storedAttachment('acme', 'li-broken', mp4(1920, 1080, 12));
    const request = recordedRequest(key(), 'A broken video', [video]);
    fake.failNextVideo('VIDEO_PROCESSING_FAILED');
    const postsBefore = fake.posts.length;

    // Act
    const first = await failureOf(adapter.publish(request));
    const second = await failureOf(adapter.publish(request));

    // Assess
    expect(first.kind).toBe('processing');
    expect(second.kind).toBe('permanent');
    expect(second.message).toContain('asset li-broken');
    expect(second.message).toContain('PROCESSING_FAILED');
    expect(fake.posts.length).toBe(postsBefore);
  });

  it('refuses library media with a link preview before any upload', async () => {
    // Prepare
    const photo = await storedAttachment('acme', 'li-linked', png(1200, 627), 'A cup');
    const request = recordedRequest(key(), 'With a link', [photo]);
    request.content = { ...request.content, link: 'https://acme.example/spring' };
    const putsBefore = uploadPuts();

    // Act
    const failure = await failureOf(adapter.publish(request));

    // Assess
    expect(failure.kind).toBe('permanent');
    expect(failure.message).toContain('link-with-media');
    expect(uploadPuts()).toBe(putsBefore);
  });
});
