import { problem } from '../contract/problems.js';
import type { InputProblem } from './errors.js';
import { type MediaFacts, MediaType } from './media.js';
import type { MediaLimits } from './media-rules.js';

/*
 * Which platform variant an image needs: the decision is plain arithmetic on the asset's
 * facts and the platform's limits, made the same way before review (so a post is never
 * approved with an image that cannot be posted) and at publish time, where
 * functions/channels/media/variants.ts makes the variant.
 */

/** No variant is made smaller than this on its shorter side: below it the image is not worth posting. */
export const VARIANT_MIN_SIDE = 320;
/** The quality a variant is encoded at (JPEG and WebP). */
export const VARIANT_QUALITY = 85;
/** Each further attempt aims this far under the byte limit, so that it converges in few steps. */
const BYTE_MARGIN = 0.9;
/** At most this many encodings of one variant before it is refused. */
export const VARIANT_MAX_ATTEMPTS = 5;

/** Still images that can be decoded, resized and encoded again (a GIF may be animated: never resized). */
const RESIZABLE: readonly MediaType[] = [MediaType.Jpeg, MediaType.Png, MediaType.Webp];

/** What a variant must be: its type and the limits it must meet, and a stable name for its key. */
export interface VariantTarget {
  type: MediaType;
  maxBytes: number;
  maxSide?: number;
  /** Part of the variant's object key: the same target always names the same variant. */
  name: string;
}

/** The size to encode a variant at. */
export interface VariantSize {
  width: number;
  height: number;
}

/** Whether an image fits a platform as it is, needs a variant, or cannot be made to fit. */
export type VariantNeed =
  | { need: 'none' }
  | { need: 'variant'; target: VariantTarget; size: VariantSize }
  | { need: 'impossible'; problem: InputProblem };

const scaled = (media: VariantSize, scale: number): VariantSize => {
  const portrait = media.height > media.width;
  // The longer side sets the scale; the shorter follows, so the aspect ratio holds to a pixel.
  const long = Math.max(1, Math.floor(Math.max(media.width, media.height) * scale));
  const short = Math.max(
    1,
    Math.round((long * Math.min(media.width, media.height)) / Math.max(media.width, media.height)),
  );
  return portrait ? { width: short, height: long } : { width: long, height: short };
};

const tooSmall = (size: VariantSize) => Math.min(size.width, size.height) < VARIANT_MIN_SIDE;

/**
 * The variant an image needs on a platform: none when it fits (or is no image, or a type the
 * platform refuses that cannot be re-encoded: `channelMediaProblems` names that), a JPEG copy
 * of a still image whose type the platform refuses but whose JPEG it takes, else a resized and
 * re-encoded copy within the byte and side limits, or, when that would leave fewer than
 * {@link VARIANT_MIN_SIDE} pixels on its shorter side or the image is a GIF, a problem naming
 * the asset (`field`) and the rule. The first size assumes the encoded bytes follow the pixel
 * count; {@link nextVariantSize} corrects it from what an encoding weighed.
 *
 * @example
 * ```ts
 * variantNeed('content.bsky.assets.a-1', 'bluesky', { type: 'image/jpeg', kind: 'image', bytes: 4_000_000, width: 4000, height: 3000 }, limits);
 * // { need: 'variant', target: { type: 'image/jpeg', maxBytes: 1000000, name: 'jpeg-1000000b' }, size: { width: 1800, height: 1350 } }
 * ```
 */
export function variantNeed(
  field: string,
  adapter: string,
  media: MediaFacts,
  limits: MediaLimits,
): VariantNeed {
  if (media.kind !== 'image') return { need: 'none' };
  const taken = limits.imageTypes.includes(media.type);
  // A still image of a type the platform refuses is re-encoded as a JPEG where it takes one
  // (a PNG on Instagram); anything else of a refused type is for channelMediaProblems to name.
  const convert = !taken && RESIZABLE.includes(media.type) && limits.imageTypes.includes(MediaType.Jpeg);
  if (!taken && !convert) return { need: 'none' };
  const overBytes = media.bytes > limits.maxImageBytes;
  const longSide = Math.max(media.width, media.height);
  const overSide = limits.maxImageSide !== undefined && longSide > limits.maxImageSide;
  if (!overBytes && !overSide && !convert) return { need: 'none' };
  const rule = overBytes ? 'media-size' : 'media-dimensions';
  const limit = overBytes
    ? `${adapter} takes at most ${limits.maxImageBytes} bytes; the asset is ${media.bytes} bytes`
    : `${adapter} takes images up to ${limits.maxImageSide} pixels a side; the asset is ${media.width}x${media.height}`;
  if (!RESIZABLE.includes(media.type)) {
    return {
      need: 'impossible',
      problem: problem(
        field,
        rule,
        `${limit}, and a ${media.type} image is not resized (it may be animated)`,
      ),
    };
  }
  // A PNG over the byte limit becomes a JPEG where the platform takes one: resizing alone
  // rarely brings a lossless file far enough down.
  const type =
    convert || (overBytes && media.type === MediaType.Png && limits.imageTypes.includes(MediaType.Jpeg))
      ? MediaType.Jpeg
      : media.type;
  const sideScale = overSide ? (limits.maxImageSide as number) / longSide : 1;
  const byteScale = overBytes ? Math.sqrt((limits.maxImageBytes * BYTE_MARGIN) / media.bytes) : 1;
  const size = scaled(media, Math.min(1, sideScale, byteScale));
  if ((overBytes || overSide) && tooSmall(size)) {
    return {
      need: 'impossible',
      problem: problem(
        field,
        rule,
        `${limit}, and fitting it would leave less than ${VARIANT_MIN_SIDE} pixels a side`,
      ),
    };
  }
  const subtype = type.split('/')[1] as string;
  const name = `${subtype}-${limits.maxImageBytes}b${limits.maxImageSide ? `-${limits.maxImageSide}px` : ''}`;
  return {
    need: 'variant',
    target: {
      type,
      maxBytes: limits.maxImageBytes,
      ...(limits.maxImageSide ? { maxSide: limits.maxImageSide } : {}),
      name,
    },
    size,
  };
}

/**
 * The size to try after an encoding of `size` weighed `encodedBytes`, over the target's
 * limit: scaled down by the square root of the excess (bytes follow the pixel count), at least
 * a tenth smaller; undefined when that leaves fewer than {@link VARIANT_MIN_SIDE} pixels on
 * the shorter side (the variant cannot be made).
 *
 * @example
 * ```ts
 * nextVariantSize({ width: 1800, height: 1350 }, 1_400_000, 1_000_000); // { width: 1368, height: 1026 }
 * ```
 */
export function nextVariantSize(
  size: VariantSize,
  encodedBytes: number,
  maxBytes: number,
): VariantSize | undefined {
  const scale = Math.min(0.9, Math.sqrt((maxBytes * BYTE_MARGIN) / encodedBytes));
  const next = scaled(size, scale);
  return tooSmall(next) ? undefined : next;
}
