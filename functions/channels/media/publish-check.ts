import { readObject } from '../../aws/asset-storage.js';
import {
  type AssetRecord,
  assetObjectKeys,
  usabilityProblems,
  variantObjectKey,
} from '../../domain/asset.js';
import type { MediaFacts } from '../../domain/media.js';
import { channelMediaProblems, type MediaLimits, mediaLimitsFor } from '../../domain/media-rules.js';
import { variantNeed } from '../../domain/media-variants.js';
import type { ChannelContent } from '../../domain/post.js';
import { assetsNamedBy } from '../../persistence/assets.js';
import type { MediaAttachment } from '../core/attachment.js';
import { ChannelFailure } from '../core/channel-adapter.js';
import { platformVariant } from './variants.js';

/**
 * A channel's assets as the adapter uploads them, after {@link assertMediaPublishable}'s
 * checks: each reads the exact stored version its record names, and only when uploaded; an
 * image over the platform's byte or side limit is its platform variant instead (made once,
 * functions/channels/media/variants.ts).
 *
 * @example
 * ```ts
 * const media = await mediaForPublishing('acme', 'bluesky', 'bluesky', content, Date.now(), 'en');
 * ```
 */
export async function mediaForPublishing(
  brandId: string,
  channelId: string,
  adapter: string,
  content: ChannelContent,
  atMs: number,
  altLanguage: string,
  limits?: MediaLimits,
): Promise<MediaAttachment[]> {
  const library = await assertMediaPublishable(brandId, channelId, adapter, content, atMs, limits);
  const attachments: MediaAttachment[] = [];
  for (const id of content.assets ?? []) {
    const asset = library[id];
    if (!asset?.media || !asset.sha256) continue;
    // The approval stays bound to the asset's own SHA-256, and its alt text goes with any copy.
    const common = { assetId: id, sha256: asset.sha256, alt: asset.alt?.[altLanguage] };
    const need = variantNeed(`assets.${id}`, adapter, asset.media, limits ?? mediaLimitsFor(adapter));
    if (need.need === 'variant') {
      // Over the platform's limit: a smaller copy, made once, is posted instead.
      const variant = await platformVariant(asset, need.target, need.size, channelId);
      attachments.push({
        ...common,
        ...mediaFields(variant.facts),
        variant: need.target.name,
        read: async () => variant.bytes,
        fetchUrl: async (seconds) => {
          const { presignDownload } = await import('../../aws/asset-presign.js');
          return presignDownload(
            variantObjectKey(brandId, asset.sha256 ?? '', need.target.name),
            undefined,
            seconds,
          );
        },
      });
      continue;
    }
    const { stored } = assetObjectKeys(brandId, id);
    attachments.push({
      ...common,
      ...mediaFields(asset.media),
      read: async () => {
        const data = await readObject(stored, asset.versionId);
        if (!data) {
          throw new ChannelFailure(`asset ${id} has no stored file`, {
            kind: 'permanent',
            context: { channel: channelId },
          });
        }
        return data;
      },
      fetchUrl: async (seconds) => {
        // Loaded only by the adapters whose platform fetches media itself.
        const { presignDownload } = await import('../../aws/asset-presign.js');
        return presignDownload(stored, asset.versionId, seconds);
      },
    });
  }
  return attachments;
}

const mediaFields = ({ type, kind, width, height, bytes }: MediaFacts) => ({
  type,
  kind,
  width,
  height,
  bytes,
});

/**
 * The check of a channel's assets repeated at publish time (an asset may expire, or its
 * embargo move, while the post waits): every asset must still be in the library, ready,
 * within its dates at `atMs` and within the platform's limits (`limits` when the account's own
 * were read from the platform, else the documented ones). Otherwise a permanent
 * {@link ChannelFailure} naming each asset and rule: nothing is uploaded or posted.
 *
 * @example
 * ```ts
 * await assertMediaPublishable('acme', 'bluesky', 'bluesky', post.content.bluesky, Date.now());
 * ```
 */
export async function assertMediaPublishable(
  brandId: string,
  channelId: string,
  adapter: string,
  content: ChannelContent,
  atMs: number,
  limits?: MediaLimits,
): Promise<Record<string, AssetRecord>> {
  const ids = content.assets ?? [];
  if (ids.length === 0) return {};
  const library = await assetsNamedBy(brandId, { [channelId]: content });
  const problems = ids.flatMap((id) => {
    const asset = library[id];
    if (!asset)
      return [{ field: `assets.${id}`, rule: 'known-asset', message: 'the asset left the library' }];
    return usabilityProblems(asset, atMs);
  });
  const ready = ids.flatMap((id) => (library[id] ? [library[id]] : []));
  problems.push(...channelMediaProblems(channelId, adapter, ready, { altTextRequired: false, limits }));
  if (problems.length > 0) {
    throw new ChannelFailure(
      `the media cannot be published: ${problems.map((p) => `${p.field}: ${p.message} (${p.rule})`).join('; ')}`,
      { kind: 'permanent', context: { channel: channelId, rule: problems[0]?.rule } },
    );
  }
  return library;
}
