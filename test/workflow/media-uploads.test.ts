import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublishRecords } from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { gif, png } from '../support/media-fixtures.js';
import { MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { addEditor, expireAsset, publishWithAssets, readyAsset } from './asset-support.js';
import { seedConnectedBrand, startWorkflowRuntime, untilEvent } from './support.js';

// Library assets published through the real Mastodon adapter, against a fake instance, by the
// lifecycle on the local twin: uploads stored on the publish record, limits read from the instance.

let runtime: LocalBrandflow;
let mastodon: Awaited<ReturnType<typeof startFakeMastodon>>;
let strict: Awaited<ReturnType<typeof startFakeMastodon>>;

beforeAll(async () => {
  runtime = await startWorkflowRuntime({ waitMs: 50 });
  mastodon = await startFakeMastodon();
  // An instance taking images up to 2,000 bytes, and no GIF.
  strict = await startFakeMastodon({
    statuses: { max_media_attachments: 4 },
    media_attachments: {
      supported_mime_types: ['image/png', 'image/jpeg', 'video/mp4'],
      image_size_limit: 2_000,
    },
  });
});
afterAll(async () => {
  await runtime?.stop();
  await Promise.all([mastodon?.server.close(), strict?.server.close()]);
});

async function mastodonBrand(instance = mastodon) {
  const { brandId } = await seedConnectedBrand(
    { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: instance.server.url } },
    { accessToken: MASTODON_TOKEN },
  );
  await addEditor(runtime, brandId);
  return brandId;
}

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

  it('refuses an image over the instance’s own size limit and a type it does not take, before any upload', async () => {
    // Prepare
    const brandId = await mastodonBrand(strict);
    const big = await readyAsset(runtime, brandId, png(1200, 675));
    const animated = await readyAsset(runtime, brandId, gif(64, 64));

    // Act
    const { postId } = await publishWithAssets(runtime, brandId, 'mastodon', [big, animated]);
    const failed = await untilEvent(runtime, postId, 'Channel Publish Failed');

    // Assess
    expect(failed.detail.error).toBe('ChannelPermanentError');
    const [record] = await listPublishRecords(postId);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toContain(`assets.${big}: `);
    expect(record?.lastError).toContain('(media-size)');
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
});
