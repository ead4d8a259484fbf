import { describe, expect, it } from 'vitest';
import type { AssetRecord } from '../../functions/domain/asset.js';
import { type MediaFacts, MediaType } from '../../functions/domain/media.js';
import { channelMediaProblems, mediaLimitsFor } from '../../functions/domain/media-rules.js';
import { noisyPng } from '../support/media-fixtures.js';
import { platformVariantOf } from '../support/media-variant.js';

// The image library re-encodes a still image whose type a platform refuses into one it takes.

const checkedOnInstagram = (media: MediaFacts) =>
  channelMediaProblems('ig', 'instagram', [{ assetId: 'a-png', media, alt: {} } as unknown as AssetRecord], {
    altTextRequired: false,
  });

describe('an image of a type its platform refuses', () => {
  it('is posted to Instagram as a JPEG of the same size, which passes Instagram’s checks', async () => {
    // Prepare: Instagram takes JPEG only
    const photo = noisyPng(1080, 1080);

    // Act
    const { facts, variant, encoded } = await platformVariantOf(photo, 'assets.a-png', 'instagram');

    // Assess
    expect(facts.type).toBe(MediaType.Png);
    expect(encoded).toMatchObject({ type: MediaType.Jpeg, kind: 'image', width: 1080, height: 1080 });
    expect(variant.length).toBeLessThanOrEqual(mediaLimitsFor('instagram').maxImageBytes);
    expect(checkedOnInstagram(facts)).toEqual([]);
    expect(checkedOnInstagram(encoded)).toEqual([]);
  });
});
