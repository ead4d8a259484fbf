import { usabilityProblems } from '../../domain/asset.js';
import { channelMediaProblems } from '../../domain/media-rules.js';
import type { ChannelContent } from '../../domain/post.js';
import { assetsNamedBy } from '../../persistence/assets.js';
import { ChannelFailure } from '../channel-adapter.js';

/**
 * The check of a channel's assets repeated at publish time (an asset may expire, or its
 * embargo move, while the post waits): every asset must still be in the library, ready,
 * within its dates at `atMs` and within the platform's limits. Otherwise a permanent
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
): Promise<void> {
  const ids = content.assets ?? [];
  if (ids.length === 0) return;
  const library = await assetsNamedBy(brandId, { [channelId]: content });
  const problems = ids.flatMap((id) => {
    const asset = library[id];
    if (!asset)
      return [{ field: `assets.${id}`, rule: 'known-asset', message: 'the asset left the library' }];
    return usabilityProblems(asset, atMs);
  });
  const ready = ids.flatMap((id) => (library[id] ? [library[id]] : []));
  problems.push(...channelMediaProblems(channelId, adapter, ready, { altTextRequired: false }));
  if (problems.length > 0) {
    throw new ChannelFailure(
      `the media cannot be published: ${problems.map((p) => `${p.field}: ${p.message} (${p.rule})`).join('; ')}`,
      { kind: 'permanent', context: { channel: channelId, rule: problems[0]?.rule } },
    );
  }
}
