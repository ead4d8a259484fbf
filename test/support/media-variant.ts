import { encodeVariant } from '../../functions/channels/media/variants.js';
import { sniffMedia } from '../../functions/domain/media.js';
import { mediaLimitsFor } from '../../functions/domain/media-rules.js';
import { variantNeed } from '../../functions/domain/media-variants.js';

/**
 * The variant of `bytes` a platform needs, decided and encoded as PublishToChannel does it:
 * the original's facts, the target, the encoded bytes and their facts. Throws when the
 * platform needs no variant of it, so a test never passes on the original by mistake.
 *
 * @example
 * ```ts
 * const { variant, encoded } = await platformVariantOf(noisyPng(1200, 900), 'assets.a-big', 'bluesky');
 * ```
 */
export async function platformVariantOf(bytes: Buffer, field: string, adapter: string) {
  const facts = sniffMedia(bytes);
  const need = variantNeed(field, adapter, facts, mediaLimitsFor(adapter));
  if (need.need !== 'variant') throw new Error(`expected a variant, got ${need.need}`);
  const variant = await encodeVariant(bytes, need.target, need.size, field, adapter);
  return { facts, target: need.target, variant, encoded: sniffMedia(variant) };
}
