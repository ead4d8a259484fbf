import type { ChannelConfig } from '../domain/brand.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import { mediaKind } from './core/content-checks.js';
import { type ContainerPlatform, createContainerAdapter } from './graph.js';
import { sumProvided } from './platform-metrics.js';
import type { AdapterDeps } from './platform-session.js';

/** Threads: text up to 500 characters, optionally one image or video. */
export const threadsPlatform: ContainerPlatform = {
  platform: 'Threads',
  defaultBase: 'https://graph.threads.net/v1.0',
  refreshGrant: 'th_refresh_token',
  followersFrom: 'threads_insights',
  containerPath: 'threads',
  publishPath: 'threads_publish',
  textField: 'text',
  maxText: 500,
  mediaRequired: false,
  metricNames: 'views,likes,replies,reposts,quotes,shares',
  toMetrics: (v) => ({
    impressions: v.views,
    likes: v.likes,
    comments: v.replies,
    shares: sumProvided(v.reposts, v.quotes, v.shares),
  }),
  container: (content, text): Record<string, string> => {
    const url = content.mediaUrls?.[0];
    if (!url) return { media_type: 'TEXT', text };
    return mediaKind(url) === 'video'
      ? { media_type: 'VIDEO', video_url: url, text }
      : { media_type: 'IMAGE', image_url: url, text };
  },
};

/**
 * Threads (`POST /{user-id}/threads`, then `/threads_publish`), media by reference.
 *
 * @example
 * ```ts
 * const adapter = createThreadsAdapter({ id: 'threads', adapter: 'threads', account: 'acme-threads', maxLength: 500, settings: { userId: '1784' } }, deps);
 * ```
 */
export function createThreadsAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  return createContainerAdapter(threadsPlatform, channel, deps);
}
