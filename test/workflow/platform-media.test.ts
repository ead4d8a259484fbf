import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/aws/dynamodb.js';
import { listPublishRecords } from '../../functions/persistence/index.js';
import { keys } from '../../functions/persistence/keys.js';
import { tableName } from '../../functions/persistence/table.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { jpeg, mp4 } from '../support/media-fixtures.js';
import { GRAPH_TOKEN, startFakeContainers, startFakeFacebook } from '../support/platforms/graph.js';
import { LINKEDIN_TOKEN, startFakeLinkedIn } from '../support/platforms/linkedin.js';
import { publishWithAssets, seedLibraryAsset } from './library-assets.js';
import { seedConnectedBrand, uniqueId, useLocalRun } from './support.js';

/*
 * Posts with library media through the synthesized workflow: PublishToChannel hands the fake
 * platforms presigned URLs of the stored versions (Instagram, Facebook), signed with its own
 * role, which they fetch from the twin's S3 server through its IAM guard as Meta does, or
 * uploads the bytes itself (LinkedIn).
 */

const runtime = useLocalRun({ waitMs: 50 });
const instagram = useFakePlatform(() =>
  startFakeContainers('instagram', '1784', { videoProcessingReads: 1 }),
);
const linkedin = useFakePlatform(() => startFakeLinkedIn());
const facebook = useFakePlatform(() => startFakeFacebook('4242'));

async function seedInstagramBrand() {
  const { brandId } = await seedConnectedBrand(
    {
      id: 'instagram',
      adapter: 'instagram',
      maxLength: 2200,
      settings: { baseUrl: instagram.base, userId: '1784' },
    },
    { accessToken: GRAPH_TOKEN, expiresAt: '2099-01-01T00:00:00Z' },
  );
  return brandId;
}

const containerCalls = (): number =>
  instagram.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/1784/media')).length;

describe('Instagram posts with library media', () => {
  it('publishes a carousel of two photos fetched from the stored versions, with their alt text', async () => {
    // Prepare
    const brandId = await seedInstagramBrand();
    const cup = jpeg(1080, 1080);
    const bag = jpeg(1080, 1350);
    await seedLibraryAsset(runtime, brandId, 'cup', cup, { alt: 'A cup on a table' });
    await seedLibraryAsset(runtime, brandId, 'bag', bag, { alt: 'The bag of beans' });
    const postId = uniqueId('carousel');

    // Act
    const execution = await publishWithAssets(runtime, {
      postId,
      brandId,
      channel: 'instagram',
      text: `Two pictures ${postId}`,
      assets: ['cup', 'bag'],
    });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const [record] = await listPublishRecords(postId);
    const post = instagram.posts.find((p) => p.id === record?.externalId);
    expect(post?.media_type).toBe('CAROUSEL');
    const items = (post?.children ?? '').split(',').map((id) => instagram.containers.get(id));
    expect(items.map((item) => [item?.fetched, item?.altText])).toEqual([
      [cup, 'A cup on a table'],
      [bag, 'The bag of beans'],
    ]);
  });

  it('publishes a reel once Instagram has processed it, its one container made once', async () => {
    // Prepare
    const brandId = await seedInstagramBrand();
    const video = mp4(1080, 1920, 12);
    await seedLibraryAsset(runtime, brandId, 'reel', video);
    const postId = uniqueId('reel');
    const before = containerCalls();

    // Act
    const execution = await publishWithAssets(runtime, {
      postId,
      brandId,
      channel: 'instagram',
      text: `A reel ${postId}`,
      assets: ['reel'],
    });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(containerCalls()).toBe(before + 1);
    const [record] = await listPublishRecords(postId);
    expect(instagram.containers.get(record?.containerId ?? '')).toMatchObject({
      mediaType: 'REELS',
      fetched: video,
    });
  });

  it('fails the channel for good, naming the asset, when Instagram cannot process the video', async () => {
    // Prepare
    const brandId = await seedInstagramBrand();
    await seedLibraryAsset(runtime, brandId, 'broken', mp4(1080, 1920, 12));
    const postId = uniqueId('broken');
    instagram.failNextVideo('FAILED_PROCESSING_VIDEO');

    // Act
    await publishWithAssets(runtime, {
      postId,
      brandId,
      channel: 'instagram',
      text: `Broken ${postId}`,
      assets: ['broken'],
    });
    const failed = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Channel Publish Failed' && e.detail.postId === postId,
    );

    // Assess
    expect(failed.detail.error).toBe('ChannelPermanentError');
    const [record] = await listPublishRecords(postId);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toContain('asset broken');
    expect(record?.lastError).toContain('FAILED_PROCESSING_VIDEO');
  });
});

/** Each platform's channel, connected, and the posts its fake holds. */
const platforms = {
  instagram: () => ({
    channel: {
      id: 'instagram',
      adapter: 'instagram' as const,
      maxLength: 2200,
      settings: { baseUrl: instagram.base, userId: '1784' },
    },
    token: GRAPH_TOKEN,
    server: instagram.server,
  }),
  linkedin: () => ({
    channel: {
      id: 'linkedin',
      adapter: 'linkedin' as const,
      maxLength: 3000,
      settings: { baseUrl: linkedin.server.url, organizationUrn: 'urn:li:organization:1' },
    },
    token: LINKEDIN_TOKEN,
    server: linkedin.server,
  }),
  facebook: () => ({
    channel: {
      id: 'facebook',
      adapter: 'facebook' as const,
      maxLength: 5000,
      settings: { baseUrl: facebook.server.url, pageId: '4242' },
    },
    token: GRAPH_TOKEN,
    server: facebook.server,
  }),
};

describe.each(Object.keys(platforms) as (keyof typeof platforms)[])(
  '%s posts with library photos',
  (name) => {
    async function seedBrand() {
      const { channel, token } = platforms[name]();
      const { brandId } = await seedConnectedBrand(channel, {
        accessToken: token,
        expiresAt: '2099-01-01T00:00:00Z',
      });
      return brandId;
    }

    it('publishes two photos in one post', async () => {
      // Prepare
      const brandId = await seedBrand();
      await seedLibraryAsset(runtime, brandId, 'first', jpeg(1080, 1080), { alt: 'A cup' });
      await seedLibraryAsset(runtime, brandId, 'second', jpeg(1080, 1080), { alt: 'A bag of beans' });
      const postId = uniqueId(`${name}-photos`);

      // Act
      const execution = await publishWithAssets(runtime, {
        postId,
        brandId,
        channel: name,
        text: `Two photos ${postId}`,
        assets: ['first', 'second'],
      });

      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      const [record] = await listPublishRecords(postId);
      expect(record?.status).toBe('published');
    });

    it('uploads nothing when an asset expired while the post waited', async () => {
      // Prepare
      const brandId = await seedBrand();
      await seedLibraryAsset(runtime, brandId, 'licensed', jpeg(1080, 1080), { alt: 'A cup' });
      const postId = uniqueId(`${name}-expired`);
      const { server } = platforms[name]();
      const expire = async () => {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.asset(brandId, 'licensed'),
            UpdateExpression: 'SET notAfter = :past',
            ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00Z' },
          }),
        );
      };

      // Act
      const callsBefore = server.requests.length;
      await publishWithAssets(
        runtime,
        { postId, brandId, channel: name, text: `Expired ${postId}`, assets: ['licensed'] },
        expire,
      );
      await runtime.waitForEvent(
        (e) => e['detail-type'] === 'Channel Publish Failed' && e.detail.postId === postId,
      );

      // Assess: the platform was not called at all.
      expect(server.requests.length).toBe(callsBefore);
      const [record] = await listPublishRecords(postId);
      expect(record?.lastError).toContain('assets.licensed');
      expect(record?.lastError).toContain('asset-expired');
    });
  },
);
