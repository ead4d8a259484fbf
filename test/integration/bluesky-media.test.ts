import { describe, expect, it } from 'vitest';
import { MediaType } from '../../functions/domain/media.js';
import { usePdsWithBrand } from '../support/bluesky-pds.js';
import { attachmentOf } from '../support/media-attachments.js';
import { mp4, noisyPng, png } from '../support/media-fixtures.js';
import { platformVariantOf } from '../support/media-variant.js';

// Images and video uploaded to a real AT Protocol PDS (@atproto/pds) on 127.0.0.1 and embedded in the post.

const { pds, brand, adapter } = usePdsWithBrand('brandflowmedia');

describe('Bluesky media against a real PDS', () => {
  it('uploads each image as a blob and embeds them in order, each with its alt text and aspect ratio', async () => {
    // Prepare
    const first = png(1200, 675);
    const second = png(1200, 676);

    // Act
    const published = await adapter().publish({
      idempotencyKey: 'media-post-1:bluesky:r1',
      postId: 'media-post-1',
      content: { text: 'The spring blend, in two pictures', assets: ['a-1', 'a-2'] },
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
      media: [
        attachmentOf('a-1', first, 'A cup on a table'),
        attachmentOf('a-2', second, 'The bag of beans'),
      ],
    });

    // Assess
    const records = await pds.listRecords(brand.did, 'app.bsky.feed.post');
    const record = records.find((r) => r.uri === published.externalId);
    const embed = ((record?.value ?? {}) as { embed?: { $type: string; images: Record<string, unknown>[] } })
      .embed;
    expect(embed?.$type).toBe('app.bsky.embed.images');
    expect(embed?.images).toEqual([
      {
        image: expect.objectContaining({ $type: 'blob', mimeType: 'image/png', size: first.length }),
        alt: 'A cup on a table',
        aspectRatio: { width: 1200, height: 675 },
      },
      expect.objectContaining({ alt: 'The bag of beans' }),
    ]);
    const cid = ((embed?.images[0]?.image ?? {}) as { ref?: { $link: string } }).ref?.$link;
    const blob = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlob?did=${brand.did}&cid=${cid}`);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(first);
  });

  it('uploads a video as a blob and embeds it as an app.bsky.embed.video with its alt text and aspect ratio', async () => {
    // Prepare
    const file = mp4(1080, 1920, 14.5);
    const video = attachmentOf('v-1', file, 'The barista pouring a flat white');

    // Act
    const published = await adapter().publish({
      idempotencyKey: 'media-post-2:bluesky:r1',
      postId: 'media-post-2',
      content: { text: 'The spring blend, poured', assets: ['v-1'] },
      scheduledAt: new Date(Date.now() + 120_000).toISOString(),
      media: [video],
    });

    // Assess
    const records = await pds.listRecords(brand.did, 'app.bsky.feed.post');
    const record = records.find((r) => r.uri === published.externalId);
    const embed = ((record?.value ?? {}) as { embed?: Record<string, unknown> }).embed;
    expect(embed).toEqual({
      $type: 'app.bsky.embed.video',
      video: expect.objectContaining({ $type: 'blob', mimeType: 'video/mp4', size: file.length }),
      alt: 'The barista pouring a flat white',
      aspectRatio: { width: 1080, height: 1920 },
    });
    const cid = ((embed?.video ?? {}) as { ref?: { $link: string } }).ref?.$link;
    const blob = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlob?did=${brand.did}&cid=${cid}`);
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(file);
  });
});

describe('an image over Bluesky’s 1,000,000 bytes', () => {
  it('is posted as a resized JPEG within the limit, with the asset’s alt text and aspect ratio', async () => {
    // Prepare: a photo the PDS would refuse as it is
    const photo = noisyPng(1200, 900);

    // Act
    const { variant, target, encoded: resized } = await platformVariantOf(photo, 'assets.a-big', 'bluesky');
    const published = await adapter().publish({
      idempotencyKey: 'media-post-big:bluesky:r1',
      postId: 'media-post-big',
      content: { text: 'The roastery, in one large picture', assets: ['a-big'] },
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
      media: [
        {
          ...attachmentOf('a-big', Buffer.from(variant), 'The roastery floor at dawn'),
          type: resized.type,
          width: resized.width,
          height: resized.height,
          variant: target.name,
        },
      ],
    });

    // Assess
    expect(photo.length).toBeGreaterThan(1_000_000);
    expect(resized.type).toBe(MediaType.Jpeg);
    expect(variant.length).toBeLessThanOrEqual(1_000_000);
    expect(resized.width / resized.height).toBeCloseTo(1200 / 900, 2);
    const record = (await pds.listRecords(brand.did, 'app.bsky.feed.post')).find(
      (r) => r.uri === published.externalId,
    );
    const embed = ((record?.value ?? {}) as { embed?: { images: Record<string, unknown>[] } }).embed;
    expect(embed?.images).toEqual([
      {
        image: expect.objectContaining({ mimeType: 'image/jpeg', size: variant.length }),
        alt: 'The roastery floor at dawn',
        aspectRatio: { width: resized.width, height: resized.height },
      },
    ]);
  });
});
