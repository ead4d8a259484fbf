import { followerCount } from '../domain/kpis.js';
import type { ChannelAdapter } from './core/channel-adapter.js';

/**
 * The follower count of the posting account, or `null` when the platform does not give it
 * or the read failed. A follower count is a report's denominator, never a step's purpose:
 * a failed read must not fail the publish or the metrics round it rides along with, and a
 * count that is not known is "not available", never zero.
 *
 * @example
 * ```ts
 * const followers = await readFollowers(await adapterFor(channel, post)); // 1250, or null
 * ```
 */
export async function readFollowers(adapter: ChannelAdapter): Promise<number | null> {
  if (!adapter.fetchFollowers) return null;
  try {
    return followerCount(await adapter.fetchFollowers());
  } catch {
    return null;
  }
}
