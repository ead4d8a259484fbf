import type { ChannelConfig } from '../domain/brand.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { mediaKind } from './core/content-checks.js';
import { type ContainerPlatform, createContainerAdapter } from './graph.js';
import type { AdapterDeps } from './platform-session.js';

/** Instagram API with Instagram Login: one image or video per post, caption up to 2,200 characters. */
export const instagramPlatform: ContainerPlatform = {
  platform: 'Instagram',
  defaultBase: 'https://graph.instagram.com/v23.0',
  refreshGrant: 'ig_refresh_token',
  followersFrom: 'profile',
  containerPath: 'media',
  publishPath: 'media_publish',
  textField: 'caption',
  maxText: 2200,
  mediaRequired: true,
  metricNames: 'views,reach,saved,likes,comments,shares,total_interactions',
  toMetrics: (v) => ({
    impressions: v.views,
    reach: v.reach,
    saves: v.saved,
    likes: v.likes,
    comments: v.comments,
    shares: v.shares,
  }),
  container: (content, caption): Record<string, string> => {
    const url = content.mediaUrls?.[0] ?? '';
    return mediaKind(url) === 'video'
      ? { media_type: 'REELS', video_url: url, caption }
      : { image_url: url, caption };
  },
};

/**
 * Instagram (`POST /{ig-user-id}/media`, then `/media_publish`), media by reference.
 *
 * @example
 * ```ts
 * const adapter = createInstagramAdapter({ id: 'ig', adapter: 'instagram', account: 'acme-ig', maxLength: 2200, settings: { userId: '1784' } }, deps);
 * ```
 */
export function createInstagramAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  return createContainerAdapter(instagramPlatform, channel, deps);
}
