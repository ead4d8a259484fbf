import { ResizeFilterType, ResizeFit, Transformer } from '@napi-rs/image';
import { MediaType } from '../../domain/media.js';
import type { VariantSize } from '../../domain/media-variants.js';

/*
 * The one place the image library is called: @napi-rs/image (MIT; a prebuilt binary per
 * platform, no install script, no libvips). Imported with `await import()` only when an
 * image needs a variant, so no cold start pays for it, and kept out of the bundles
 * (infra/constructs/bundle-options.ts) as a native module shipped beside them.
 */

/**
 * The image decoded, resized to exactly `size` (Lanczos) and encoded as `type` at `quality`
 * (JPEG, WebP; PNG is lossless). The encoder writes no EXIF, XMP or text chunks.
 *
 * @example
 * ```ts
 * const smaller = await encodeResized(photo, { width: 1600, height: 1200 }, 'image/jpeg', 85);
 * ```
 */
export async function encodeResized(
  bytes: Uint8Array,
  size: VariantSize,
  type: MediaType,
  quality: number,
): Promise<Uint8Array> {
  const image = new Transformer(bytes).resize(
    size.width,
    size.height,
    ResizeFilterType.Lanczos3,
    ResizeFit.Fill,
  );
  switch (type) {
    case MediaType.Jpeg:
      return new Uint8Array(await image.jpeg(quality));
    case MediaType.Webp:
      return new Uint8Array(await image.webp(quality));
    default:
      return new Uint8Array(await image.png());
  }
}
