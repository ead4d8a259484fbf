import { describe, expect, it } from 'vitest';
import { listPublishRecords } from '../../functions/persistence/index.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { gif, png } from '../support/media-fixtures.js';
import { MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { startFakeX } from '../support/platforms/x.js';
import { addEditor, expireAsset, publishWithAssets, readyAsset } from './asset-support.js';
import {
  putEvent,
  seedConnectedBrand,
  submitPostDetail,
  uniqueId,
  untilEvent,
  useLocalRun,
} from './support.js';

// Library assets published through the real Mastodon adapter, against a fake instance, by the
// lifecycle on the local twin: uploads stored on the publish record, limits read from the instance.

const runtime = useLocalRun({ waitMs: 50 });
const mastodon = useFakePlatform(() => startFakeMastodon());
const x = useFakePlatform(() => startFakeX());
// An instance taking images up to 2,000 bytes, and no GIF.
const strict = useFakePlatform(() =>
  startFakeMastodon({
    statuses: { max_media_attachments: 4 },
    media_attachments: {
      supported_mime_types: ['image/png', 'image/jpeg', 'video/mp4'],
      image_size_limit: 2_000,
    },
  }),
);

async function mastodonBrand(instance = mastodon) {
  const { brandId } = await seedConnectedBrand(
    { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: instance.server.url } },
    { accessToken: MASTODON_TOKEN },
  );
  await addEditor(runtime, brandId);
  return brandId;
}

async function xBrand() {
  const { brandId } = await seedConnectedBrand(
    { id: 'x', adapter: 'x', maxLength: 280, settings: { baseUrl: x.server.url } },
    { accessToken: x.tokens.access },
  );
  await addEditor(runtime, brandId);
  return brandId;
}

const xUploads = () => x.server.requests.filter((r) => r.path === '/2/media/upload/initialize').length;

const uploadsTo = (instance: typeof mastodon) =>
  instance.server.requests.filter((r) => r.path === '/api/v2/media').length;

describe('media posts published once', () => {
  it('uploads an image once when the status call fails after the upload, and posts once', async () => {
    // Prepare
    const brandId = await mastodonBrand();
    const assetId = await readyAsset(runtime, brandId, png(1200, 675));
    const [uploadsBefore, statusesBefore] = [uploadsTo(mastodon), mastodon.posts.length];
    mastodon.server.inject({
      on: 'publish',
      type: 'error',
      status: 503,
      body: { error: 'Service Unavailable' },
    });

    // Act
    const { postId, execution } = await publishWithAssets(runtime, brandId, 'mastodon', [assetId]);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', attempts: 2 });
    expect(uploadsTo(mastodon) - uploadsBefore).toBe(1);
    expect(mastodon.posts.length - statusesBefore).toBe(1);
    const upload = mastodon.uploads.at(-1);
    expect(record?.uploadedMedia).toEqual({ [assetId]: upload?.id });
    expect(upload?.description).toBe('A cup of the spring blend on a wooden table');
    expect(mastodon.posts.at(-1)?.media_attachments).toEqual([expect.objectContaining({ id: upload?.id })]);
  });

  it('refuses a type the instance does not take, before any upload (an image over its size is resized instead)', async () => {
    // Prepare
    const brandId = await mastodonBrand(strict);
    const animated = await readyAsset(runtime, brandId, gif(64, 64));

    // Act
    const { postId } = await publishWithAssets(runtime, brandId, 'mastodon', [animated]);
    const failed = await untilEvent(runtime, postId, 'Channel Publish Failed');

    // Assess
    expect(failed.detail.error).toBe('ChannelPermanentError');
    const [record] = await listPublishRecords(postId);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toContain(`assets.${animated}: `);
    expect(record?.lastError).toContain('(media-type)');
    expect(uploadsTo(strict)).toBe(0);
    expect(strict.posts).toHaveLength(0);
  });

  it('uploads nothing for an asset that expired while the post waited', async () => {
    // Prepare
    const brandId = await mastodonBrand();
    const assetId = await readyAsset(runtime, brandId, png(1200, 675));
    const uploadsBefore = uploadsTo(mastodon);

    // Act
    const { postId } = await publishWithAssets(runtime, brandId, 'mastodon', [assetId], () =>
      expireAsset(brandId, assetId),
    );
    await untilEvent(runtime, postId, 'Channel Publish Failed');

    // Assess
    const [record] = await listPublishRecords(postId);
    expect(record?.lastError).toContain(`assets.${assetId}`);
    expect(record?.lastError).toContain('asset-expired');
    expect(uploadsTo(mastodon)).toBe(uploadsBefore);
  });

  it('uploads an image to X once when the post is rate limited after the upload, and posts once', async () => {
    // Prepare
    const brandId = await xBrand();
    const assetId = await readyAsset(runtime, brandId, png(1200, 675));
    const [uploadsBefore, postsBefore] = [xUploads(), x.posts.length];
    x.server.inject({
      on: 'publish',
      type: 'error',
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests' },
      headers: { 'retry-after': '1' },
    });

    // Act
    const { postId, execution } = await publishWithAssets(runtime, brandId, 'x', [assetId]);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const [record] = await listPublishRecords(postId);
    expect(record).toMatchObject({ status: 'published', attempts: 2 });
    expect(xUploads() - uploadsBefore).toBe(1);
    expect(x.posts.length - postsBefore).toBe(1);
    const upload = x.uploads.at(-1);
    expect(record?.uploadedMedia).toEqual({ [assetId]: upload?.id });
    expect(x.posts.at(-1)?.media_ids).toEqual([upload?.id]);
    expect(upload?.alt).toBe('A cup of the spring blend on a wooden table');
  });

  it('refuses an image over X’s 5 MB at submission, naming the asset and the rule, and uploads nothing', async () => {
    // Prepare
    const brandId = await xBrand();
    const big = await readyAsset(runtime, brandId, png(64, 64, { padding: 5 * 1024 * 1024 }));
    const uploadsBefore = xUploads();
    const postId = uniqueId('media-post');
    const detail = submitPostDetail({ postId, brandId, channels: ['x'] });

    // Act
    await putEvent(runtime, 'Submit Post', {
      ...detail,
      content: { x: { ...detail.content.x, assets: [big] } },
    });
    const rejected = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Post Submission Rejected' && e.detail.postId === postId,
    );

    // Assess
    expect(rejected.detail.errors).toEqual([
      expect.objectContaining({ field: `content.x.assets.${big}`, rule: 'media-size' }),
    ]);
    expect(xUploads()).toBe(uploadsBefore);
  });
});
