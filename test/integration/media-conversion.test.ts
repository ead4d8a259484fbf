import { describe, expect, it } from 'vitest';
import { encodeVariant } from '../../functions/channels/media/variants.js';
import type { AssetRecord } from '../../functions/domain/asset.js';
import { MediaType, sniffMedia } from '../../functions/domain/media.js';
import { channelMediaProblems, mediaLimitsFor } from '../../functions/domain/media-rules.js';
import { variantNeed } from '../../functions/domain/media-variants.js';
import { noisyPng } from '../support/media-fixtures.js';

// The image library re-encodes a still image whose type a platform refuses into one it takes.

describe('an image of a type its platform refuses', () => {
  it('is posted to Instagram as a JPEG of the same size, which passes Instagram’s checks', async () => {
    // Prepare: Instagram takes JPEG only
    const photo = noisyPng(1080, 1080);
    const facts = sniffMedia(photo);
    const need = variantNeed('assets.a-png', 'instagram', facts, mediaLimitsFor('instagram'));
    if (need.need !== 'variant') throw new Error(`expected a variant, got ${need.need}`);

    // Act
    const variant = await encodeVariant(photo, need.target, need.size, 'assets.a-png', 'instagram');
    const converted = sniffMedia(variant);
    const asChecked = (media: typeof facts) =>
      channelMediaProblems(
        'ig',
        'instagram',
        [{ assetId: 'a-png', media, alt: {} } as unknown as AssetRecord],
        {
          altTextRequired: false,
        },
      );

    // Assess
    expect(facts.type).toBe(MediaType.Png);
    expect(converted).toMatchObject({ type: MediaType.Jpeg, kind: 'image', width: 1080, height: 1080 });
    expect(variant.length).toBeLessThanOrEqual(mediaLimitsFor('instagram').maxImageBytes);
    expect(asChecked(facts)).toEqual([]);
    expect(asChecked(converted)).toEqual([]);
  });
});
