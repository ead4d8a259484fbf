import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MediaFacts, MediaType } from '../../functions/domain/media.js';
import { mediaLimitsFor, platformMediaLimits } from '../../functions/domain/media-rules.js';
import {
  nextVariantSize,
  VARIANT_MIN_SIDE,
  type VariantSize,
  variantNeed,
} from '../../functions/domain/media-variants.js';

const stillImage = fc
  .tuple(
    fc.constantFrom(MediaType.Jpeg, MediaType.Png, MediaType.Webp, MediaType.Gif),
    fc.integer({ min: 1, max: 80_000_000 }),
    fc.integer({ min: 1, max: 12_000 }),
    fc.integer({ min: 1, max: 12_000 }),
  )
  .map(([type, bytes, width, height]): MediaFacts => ({ type, kind: 'image', bytes, width, height }));
const platform = fc.constantFrom(...Object.keys(platformMediaLimits));

/** The size's aspect ratio is the original's, to a pixel of each side. */
function expectSameAspect(original: VariantSize, size: VariantSize) {
  const scale = Math.max(size.width, size.height) / Math.max(original.width, original.height);
  expect(Math.abs(size.width - original.width * scale)).toBeLessThanOrEqual(1);
  expect(Math.abs(size.height - original.height * scale)).toBeLessThanOrEqual(1);
}

/** The variant `adapter` needs of a still image of this type, size and bytes. */
const needOn = (adapter: string, type: MediaType, bytes: number, width: number, height: number) =>
  variantNeed('f', adapter, { type, kind: 'image', bytes, width, height }, mediaLimitsFor(adapter));

describe('the variant a platform needs of an image', () => {
  it('is none for an image within the limits, and a smaller one of the same aspect within them otherwise, or a refusal naming the asset', () => {
    fc.assert(
      fc.property(platform, stillImage, (adapter, media) => {
        // Prepare
        const limits = mediaLimitsFor(adapter);

        // Act
        const need = variantNeed('content.ch.assets.a-1', adapter, media, limits);

        // Assess
        const fits =
          media.bytes <= limits.maxImageBytes &&
          Math.max(media.width, media.height) <= (limits.maxImageSide ?? Number.POSITIVE_INFINITY);
        const taken = limits.imageTypes.includes(media.type);
        const convertible =
          !taken && media.type !== MediaType.Gif && limits.imageTypes.includes(MediaType.Jpeg);
        if ((!taken && !convertible) || (taken && fits)) {
          expect(need).toEqual({ need: 'none' });
        } else if (need.need === 'variant') {
          const { size, target } = need;
          expect(limits.imageTypes).toContain(target.type);
          if (convertible) expect(target.type).toBe(MediaType.Jpeg);
          if (fits) {
            expect(size).toEqual({ width: media.width, height: media.height });
            return;
          }
          expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(
            limits.maxImageSide ?? Number.POSITIVE_INFINITY,
          );
          expect(size.width).toBeLessThanOrEqual(media.width);
          expect(size.height).toBeLessThanOrEqual(media.height);
          expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(VARIANT_MIN_SIDE);
          expectSameAspect(media, size);
        } else {
          expect(need.need).toBe('impossible');
          if (need.need === 'impossible') {
            expect(need.problem.field).toBe('content.ch.assets.a-1');
            expect(['media-size', 'media-dimensions']).toContain(need.problem.rule);
          }
        }
      }),
    );
  });

  it('names its target by type and limits alone, so a retry or another post finds the same variant', () => {
    fc.assert(
      fc.property(platform, stillImage, stillImage, (adapter, a, b) => {
        // Act
        const first = variantNeed('f', adapter, a, mediaLimitsFor(adapter));
        const second = variantNeed('f', adapter, b, mediaLimitsFor(adapter));

        // Assess
        if (first.need === 'variant' && second.need === 'variant') {
          expect(first.target.name === second.target.name).toBe(first.target.type === second.target.type);
        }
      }),
    );
  });

  it('turns a PNG Instagram refuses into a JPEG of the same size, and a GIF it refuses into no variant', () => {
    // Act
    const png = needOn('instagram', MediaType.Png, 600_000, 1080, 1080);
    const gif = needOn('instagram', MediaType.Gif, 600_000, 1080, 1080);

    // Assess
    expect(png).toMatchObject({
      need: 'variant',
      target: { type: MediaType.Jpeg },
      size: { width: 1080, height: 1080 },
    });
    expect(gif).toEqual({ need: 'none' });
  });

  it('turns a PNG too heavy for Bluesky into a JPEG, and a photo too wide for Threads into a 1440-pixel one', () => {
    // Act
    const heavy = needOn('bluesky', MediaType.Png, 4_000_000, 2000, 1500);
    const wide = needOn('threads', MediaType.Jpeg, 900_000, 2880, 1620);

    // Assess
    expect(heavy).toMatchObject({ need: 'variant', target: { type: MediaType.Jpeg, name: 'jpeg-1000000b' } });
    expect(wide).toEqual({
      need: 'variant',
      target: {
        type: MediaType.Jpeg,
        maxBytes: 8 * 1024 * 1024,
        maxSide: 1440,
        name: 'jpeg-8388608b-1440px',
      },
      size: { width: 1440, height: 810 },
    });
  });
});

describe('the next size after an encoding over the limit', () => {
  it('is at least a tenth smaller with the same aspect, or none below the smallest side worth posting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: VARIANT_MIN_SIDE, max: 12_000 }),
        fc.integer({ min: VARIANT_MIN_SIDE, max: 12_000 }),
        fc.integer({ min: 1_000, max: 10_000_000 }),
        fc.double({ min: 1.0001, max: 100, noNaN: true }),
        (width, height, maxBytes, excess) => {
          // Act
          const next = nextVariantSize({ width, height }, Math.ceil(maxBytes * excess), maxBytes);

          // Assess
          if (next === undefined) return;
          expect(Math.max(next.width, next.height)).toBeLessThanOrEqual(
            Math.floor(Math.max(width, height) * 0.9),
          );
          expect(Math.min(next.width, next.height)).toBeGreaterThanOrEqual(VARIANT_MIN_SIDE);
          expectSameAspect({ width, height }, next);
        },
      ),
    );
  });
});
