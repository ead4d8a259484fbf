import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { sniffMedia } from '../../functions/domain/media.js';
import { getPost, listPublishRecords, putBrand } from '../../functions/persistence/index.js';
import { gif, jpeg, mp4, noisyPng, PERSONAL_EXIF, png } from '../support/media-fixtures.js';
import {
  addAsset as addLibraryAsset,
  expireAsset,
  frontDoorCall,
  publishWithAssets,
} from './asset-support.js';
import { putEvent, submitPostDetail, trustIntegrator, uniqueId, useLocalRun } from './support.js';

const runtime = useLocalRun();

/** A request to the front door as `user`; the status and the JSON body. */
const call = (method: string, path: string, user: string, body?: unknown) =>
  frontDoorCall(runtime, method, path, user, body);

async function seedBrand(options: { keepOriginals?: boolean } = {}) {
  const brandId = uniqueId('assets');
  await putBrand({
    brandId,
    name: 'Acme Coffee',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    reviewers: ['reviewer-1'],
    ...(options.keepOriginals ? { media: { keepOriginals: true } } : {}),
  });
  await call('PUT', `/brands/${brandId}/members/editor-1`, 'admin-1', { roles: ['editor'] });
  await call('PUT', `/brands/${brandId}/members/viewer-1`, 'admin-1', { roles: ['viewer'] });
  // `reviewer-1` decides through the integrator a brand admin trusts as a decision source.
  await trustIntegrator(brandId);
  return brandId;
}

/** Announces, uploads and completes a file as `editor-1`; the completion's answer. */
const addAsset = (brandId: string, file: Buffer, extra: Record<string, unknown> = {}) =>
  addLibraryAsset(runtime, brandId, file, extra);

const s3 = () => new S3Client({ forcePathStyle: true, endpoint: runtime.env.AWS_ENDPOINT_URL_S3 });

describe('the asset library at the front door', () => {
  it('stores an uploaded photo without its location, with its type, size, dimensions and SHA-256', async () => {
    // Prepare
    const brandId = await seedBrand();
    const photo = png(1200, 675, { exif: true });

    // Act
    const completed = await addAsset(brandId, photo);

    // Assess
    expect(completed.status).toBe(200);
    const asset = completed.body as {
      status: string;
      sha256: string;
      media: { type: string; width: number; height: number; bytes: number };
      bucket?: string;
      assetId: string;
      originalKey?: string;
    };
    expect(asset.status).toBe('ready');
    expect(asset.media).toMatchObject({ type: 'image/png', kind: 'image', width: 1200, height: 675 });
    expect(asset.media.bytes).toBeLessThan(photo.length);
    expect(asset.originalKey).toBeUndefined();
    const bucket = runtime.template.buckets.find((b) => b.logicalId.startsWith('Assets'))?.name;
    const stored = await s3().send(
      new GetObjectCommand({ Bucket: bucket, Key: `assets/${brandId}/${asset.assetId}` }),
    );
    const bytes = Buffer.from(await (stored.Body?.transformToByteArray() ?? new Uint8Array()));
    expect(bytes.includes(PERSONAL_EXIF)).toBe(false);
    expect(stored.ContentType).toBe('image/png');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(asset.sha256);
  });

  it('keeps the original beside the stripped file only for a brand that opts in', async () => {
    // Prepare
    const brandId = await seedBrand({ keepOriginals: true });

    // Act
    const completed = await addAsset(brandId, jpeg(800, 800, { exif: true }));

    // Assess
    expect(completed.body).toMatchObject({
      status: 'ready',
      originalKey: expect.stringMatching(/^originals\//),
    });
  });

  it('reads a video’s duration from its bytes', async () => {
    // Prepare
    const brandId = await seedBrand();

    // Act
    const completed = await addAsset(brandId, mp4(1080, 1920, 14.5, { exif: true }));

    // Assess
    expect(completed.body.media).toEqual(
      expect.objectContaining({ type: 'video/mp4', kind: 'video', durationSeconds: 14.5 }),
    );
  });

  it('refuses a text file behind a .jpg name, naming the asset and the rule, and keeps the asset pending', async () => {
    // Prepare
    const brandId = await seedBrand();

    // Act
    const completed = await addAsset(brandId, Buffer.from('a text file named launch.jpg'));
    const library = await call('GET', `/brands/${brandId}/assets`, 'viewer-1');

    // Assess
    expect(completed.status).toBe(400);
    expect(completed.body.errors).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^assets\./), rule: 'media-type' }),
    ]);
    expect(library.body).toEqual([expect.objectContaining({ status: 'pending' })]);
  });

  it('takes a completion twice as once', async () => {
    // Prepare
    const brandId = await seedBrand();
    const first = await addAsset(brandId, gif(64, 64));
    const { assetId } = first.body as { assetId: string };

    // Act
    const again = await call('POST', `/brands/${brandId}/assets/${assetId}/complete`, 'editor-1');

    // Assess
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('lets only an editor or admin add assets, and refuses a bad announcement field by field', async () => {
    // Prepare
    const brandId = await seedBrand();

    // Act
    const asViewer = await call('POST', `/brands/${brandId}/assets`, 'viewer-1', { bytes: 10 });
    const bad = await call('POST', `/brands/${brandId}/assets`, 'editor-1', {
      bytes: 0,
      alt: { English: 'x' },
      notAfter: 'tomorrow',
    });

    // Assess
    expect(asViewer.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['bytes', 'min'],
        ['notAfter', 'rfc3339'],
      ]),
    );
    expect(bad.body.errors?.some((e) => e.field.startsWith('alt'))).toBe(true);
  });
});

describe('posts with library assets', () => {
  /** Submits a post naming `assetId` on its one channel, approves it and waits for its execution. */
  const publishWithAsset = (brandId: string, assetId: string, beforePublish?: () => Promise<void>) =>
    publishWithAssets(runtime, brandId, 'x', [assetId], beforePublish);

  it('publishes a post with an image, its approval bound to the image’s bytes', async () => {
    // Prepare
    const brandId = await seedBrand();
    const { assetId } = (await addAsset(brandId, png(1200, 675))).body as { assetId: string };

    // Act
    const { postId, execution } = await publishWithAsset(brandId, assetId);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const records = await listPublishRecords(postId);
    expect(records.map((r) => [r.channel, r.status])).toEqual([['x', 'published']]);
    expect((await getPost(postId))?.content.x?.assets).toEqual([assetId]);
  });

  it('does not publish an asset that expired while the post waited, naming the asset and the rule', async () => {
    // Prepare
    const brandId = await seedBrand();
    const { assetId } = (await addAsset(brandId, png(1200, 675))).body as { assetId: string };
    // The rights end early: a brand admin shortened the asset's licence after the post was approved.
    const expire = () => expireAsset(brandId, assetId);

    // Act
    const { postId } = await publishWithAsset(brandId, assetId, expire);
    const failed = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Channel Publish Failed' && e.detail.postId === postId,
    );

    // Assess
    expect(failed.detail.error).toBe('ChannelPermanentError');
    const [record] = await listPublishRecords(postId);
    expect(record?.status).toBe('failed');
    expect(record?.lastError).toContain(`assets.${assetId}`);
    expect(record?.lastError).toContain('asset-expired');
  });

  it('refuses a post naming an asset the brand’s library does not hold', async () => {
    // Prepare
    const brandId = await seedBrand();
    const postId = uniqueId('media-post');
    const detail = submitPostDetail({ postId, brandId, channels: ['x'] });

    // Act
    await putEvent(runtime, 'Submit Post', {
      ...detail,
      content: { x: { ...detail.content.x, assets: ['a-none'] } },
    });
    const rejected = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Post Submission Rejected' && e.detail.postId === postId,
    );

    // Assess
    expect(rejected.detail.errors).toEqual([
      expect.objectContaining({ field: 'content.x.assets.a-none', rule: 'known-asset' }),
    ]);
  });

  it('publishes an image over its platform’s limit as a smaller variant, made once under the asset’s SHA-256', async () => {
    // Prepare: a 5.5 MB photo on a channel that takes what X takes (5 MB)
    const brandId = await seedBrand();
    const photo = noisyPng(1400, 1300);
    const asset = (await addAsset(brandId, photo)).body as { assetId: string; sha256: string };
    const bucket = runtime.template.buckets.find((b) => b.logicalId.startsWith('Assets'))?.name;
    const key = `variants/${brandId}/${asset.sha256}/jpeg-5242880b`;
    const read = async () => {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
    };

    // Act
    const first = await publishWithAsset(brandId, asset.assetId);
    const variant = await read();
    // A stand-in put where the variant was: a later post must read it, not make it again.
    const standIn = Buffer.from(variant.subarray(0, variant.length));
    standIn.set(Buffer.from('reused'), variant.length - 8);
    await s3().send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: standIn, ContentType: 'image/jpeg' }),
    );
    const second = await publishWithAsset(brandId, asset.assetId);

    // Assess
    expect(photo.length).toBeGreaterThan(5 * 1024 * 1024);
    expect([first.execution.status, second.execution.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const facts = sniffMedia(variant);
    expect(facts).toMatchObject({ type: 'image/jpeg', kind: 'image' });
    expect(variant.length).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(facts.width / facts.height).toBeCloseTo(1400 / 1300, 2);
    expect((await read()).equals(standIn)).toBe(true);
    // The approval stays bound to the asset's own file, not to the variant.
    const [record] = await listPublishRecords(first.postId);
    expect(record?.status).toBe('published');
    const listed = await call('GET', `/brands/${brandId}/assets`, 'viewer-1');
    expect(JSON.stringify(listed.body)).toContain(asset.sha256);
  });

  it('refuses a post whose image is over its platform’s limit and cannot be made smaller, naming the asset and the rule', async () => {
    // Prepare: a 6 MB GIF (it may be animated: never resized) on a channel that takes 5 MB
    const brandId = await seedBrand();
    const { assetId: heavy } = (await addAsset(brandId, gif(600, 400, { frameBytes: 6_000_000 }))).body as {
      assetId: string;
    };
    const postId = uniqueId('media-post');
    const detail = submitPostDetail({ postId, brandId, channels: ['x'] });

    // Act
    await putEvent(runtime, 'Submit Post', {
      ...detail,
      contentType: 'image',
      content: { x: { ...detail.content.x, assets: [heavy] } },
    });
    const rejected = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Post Submission Rejected' && e.detail.postId === postId,
    );

    // Assess
    expect(rejected.detail.errors).toEqual([
      expect.objectContaining({
        field: `content.x.assets.${heavy}`,
        rule: 'media-size',
        message: expect.stringContaining('is not resized'),
      }),
    ]);
  });
});
