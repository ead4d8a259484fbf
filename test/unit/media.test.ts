import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../functions/domain/errors.js';
import { MediaType, sniffMedia, stripMetadata } from '../../functions/domain/media.js';
import { gif, jpeg, mp4, PERSONAL_EXIF, png, webp } from '../support/media-fixtures.js';

const side = fc.integer({ min: 1, max: 4000 });
const withMetadata = fc.boolean();
const contains = (haystack: Uint8Array, needle: Uint8Array) =>
  Buffer.from(haystack).includes(Buffer.from(needle));
const GPS = Buffer.from('GPSLatitude');

/** Every image format, built at any size, with or without personal metadata. */
const anyImage = fc
  .tuple(fc.constantFrom('png', 'jpeg', 'gif', 'webp'), side, side, withMetadata)
  .map(([format, width, height, exif]) => {
    const build = { png, jpeg, gif, webp }[format as 'png' | 'jpeg' | 'gif' | 'webp'];
    return { format, width, height, bytes: build(width, height, { exif }) };
  });

describe('sniffing a media file', () => {
  it('reads type and dimensions of every image format from its bytes', () => {
    fc.assert(
      fc.property(anyImage, ({ format, width, height, bytes }) => {
        // Act
        const facts = sniffMedia(bytes);

        // Assess
        expect(facts).toEqual({ type: `image/${format}`, kind: 'image', bytes: bytes.length, width, height });
      }),
    );
  });

  it('reads a video’s dimensions and duration, and tells QuickTime from MP4', () => {
    fc.assert(
      fc.property(side, side, fc.integer({ min: 1, max: 600_000 }), fc.boolean(), (width, height, ms, qt) => {
        // Prepare
        const bytes = mp4(width, height, ms / 1000, { brand: qt ? 'qt  ' : 'isom' });

        // Act
        const facts = sniffMedia(bytes);

        // Assess
        expect(facts).toEqual({
          type: qt ? MediaType.QuickTime : MediaType.Mp4,
          kind: 'video',
          bytes: bytes.length,
          width,
          height,
          durationSeconds: ms / 1000,
        });
      }),
    );
  });

  it('refuses a file whose bytes are no supported media, naming the field and the rule', () => {
    // Prepare: a text file, as a renamed `photo.jpg` would be
    const text = Buffer.from('not really a JPEG, only named like one');

    // Act
    const refusal = (() => {
      try {
        sniffMedia(text, 'photo.jpg');
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).problems).toEqual([
      expect.objectContaining({ field: 'photo.jpg', rule: 'media-type' }),
    ]);
  });

  it('refuses an image cut short before its dimensions', () => {
    fc.assert(
      fc.property(anyImage, ({ bytes }) => {
        expect(() => sniffMedia(bytes.subarray(0, 10))).toThrow(InvalidInputError);
      }),
    );
  });
});

describe('stripping personal metadata', () => {
  it('leaves no EXIF, XMP, comment or author in any image, and keeps its type and dimensions', () => {
    fc.assert(
      fc.property(anyImage, ({ bytes }) => {
        // Prepare
        const before = sniffMedia(bytes);

        // Act
        const clean = stripMetadata(bytes, before.type);

        // Assess
        expect(contains(clean, GPS)).toBe(false);
        expect(contains(clean, Buffer.from('Jane Roe'))).toBe(false);
        expect(contains(clean, Buffer.from('xmp'))).toBe(false);
        expect(sniffMedia(clean)).toEqual({ ...before, bytes: clean.length });
      }),
    );
  });

  it('changes nothing in an image that carries no metadata, and is idempotent', () => {
    fc.assert(
      fc.property(anyImage, ({ bytes }) => {
        // Act
        const { type } = sniffMedia(bytes);
        const once = stripMetadata(bytes, type);

        // Assess
        expect(Buffer.from(stripMetadata(once, type))).toEqual(Buffer.from(once));
        if (!contains(bytes, PERSONAL_EXIF)) expect(Buffer.from(once)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('blanks a video’s location in place, so every sample keeps its offset', () => {
    // Prepare
    const video = mp4(1920, 1080, 12.5, { exif: true });

    // Act
    const clean = stripMetadata(video, MediaType.Mp4);

    // Assess
    expect(clean.length).toBe(video.length);
    expect(contains(clean, Buffer.from('+48.8584'))).toBe(false);
    expect(Buffer.from(clean.subarray(-64))).toEqual(Buffer.from(video.subarray(-64)));
    expect(sniffMedia(clean)).toEqual(sniffMedia(video));
  });
});
