import { readObject, writeObject } from '../../aws/asset-storage.js';
import { type AssetRecord, assetObjectKeys, variantObjectKey } from '../../domain/asset.js';
import { type MediaFacts, sniffMedia, stripMetadata } from '../../domain/media.js';
import {
  nextVariantSize,
  VARIANT_MAX_ATTEMPTS,
  VARIANT_MIN_SIDE,
  VARIANT_QUALITY,
  type VariantSize,
  type VariantTarget,
} from '../../domain/media-variants.js';
import { ChannelFailure } from '../core/channel-adapter.js';

/** A platform variant's bytes and what they are. */
export interface PlatformVariant {
  bytes: Uint8Array;
  facts: MediaFacts;
}

/**
 * The variant of a ready asset that meets `target`, made once: read from the asset bucket
 * when an earlier attempt (or another post) made it, else resized and encoded from the exact
 * stored version the asset's record names, stripped of metadata like every stored file, and
 * stored under its key (`variants/<brandId>/<sha256>/<target>`). Two overlapping attempts
 * make the same bytes. A variant that stays over the limit at {@link VARIANT_MIN_SIDE}
 * pixels a side is a permanent {@link ChannelFailure} naming the asset and the rule.
 *
 * @example
 * ```ts
 * const { bytes, facts } = await platformVariant(asset, need.target, need.size, 'bsky');
 * ```
 */
export async function platformVariant(
  asset: AssetRecord,
  target: VariantTarget,
  size: VariantSize,
  channel: string,
): Promise<PlatformVariant> {
  const key = variantObjectKey(asset.brandId, asset.sha256 ?? '', target.name);
  const field = `assets.${asset.assetId}`;
  const made = await readObject(key);
  if (made) return { bytes: made, facts: sniffMedia(made, field) };
  const original = await readObject(assetObjectKeys(asset.brandId, asset.assetId).stored, asset.versionId);
  if (!original) {
    throw new ChannelFailure(`asset ${asset.assetId} has no stored file`, {
      kind: 'permanent',
      context: { channel },
    });
  }
  const bytes = await encodeVariant(original, target, size, field, channel);
  await writeObject(key, bytes, target.type);
  return { bytes, facts: sniffMedia(bytes, field) };
}

/**
 * The bytes of a variant meeting `target`, encoded from `original` at `size` and, while over
 * the byte limit, at the smaller sizes {@link nextVariantSize} gives, stripped of metadata. A
 * variant still over the limit at {@link VARIANT_MIN_SIDE} pixels a side is a permanent
 * {@link ChannelFailure} naming the asset (`field`) and the rule `media-size`.
 *
 * @example
 * ```ts
 * const bytes = await encodeVariant(photo, need.target, need.size, 'assets.a-1', 'bsky');
 * ```
 */
export async function encodeVariant(
  original: Uint8Array,
  target: VariantTarget,
  size: VariantSize,
  field: string,
  channel: string,
): Promise<Uint8Array> {
  // Loaded only here: the native image library weighs on no other call.
  const { encodeResized } = await import('./image-codec.js');
  let attempt: VariantSize | undefined = size;
  for (let tries = 0; attempt && tries < VARIANT_MAX_ATTEMPTS; tries += 1) {
    const encoded = await encodeResized(original, attempt, target.type, VARIANT_QUALITY);
    if (encoded.length <= target.maxBytes) return stripMetadata(encoded, target.type);
    attempt = nextVariantSize(attempt, encoded.length, target.maxBytes);
  }
  throw new ChannelFailure(
    `${field}: no variant of at least ${VARIANT_MIN_SIDE} pixels a side fits in ${target.maxBytes} bytes (media-size)`,
    { kind: 'permanent', context: { channel, rule: 'media-size' } },
  );
}
