import type { ChannelConfig } from '../domain/brand.js';
import { createBlueskyAdapter } from './bluesky.js';
import type { ChannelAdapter } from './channel-adapter.js';
import { secretsManagerCredentials } from './credentials.js';
import { createFacebookAdapter } from './facebook.js';
import { createInstagramAdapter } from './instagram.js';
import type { AdapterDeps } from './kit.js';
import { createLinkedInAdapter } from './linkedin.js';
import { createMastodonAdapter } from './mastodon.js';
import { createSandboxAdapter } from './sandbox.js';
import { createThreadsAdapter } from './threads.js';
import { createWebhookAdapter } from './webhook.js';
import { createXAdapter } from './x.js';

let defaults: AdapterDeps | undefined;

/**
 * The adapter for a brand's channel configuration. Real platforms read their account's
 * credentials from Secrets Manager unless `deps` says otherwise.
 *
 * @example
 * ```ts
 * const adapter = adapterFor(brand.channels[0]);
 * ```
 */
export function adapterFor(channel: ChannelConfig, deps?: AdapterDeps): ChannelAdapter {
  const use = (): AdapterDeps => {
    defaults ??= { credentials: secretsManagerCredentials() };
    return deps ?? defaults;
  };
  switch (channel.adapter) {
    case 'sandbox':
      return createSandboxAdapter(channel);
    case 'mastodon':
      return createMastodonAdapter(channel, use());
    case 'bluesky':
      return createBlueskyAdapter(channel, use());
    case 'linkedin':
      return createLinkedInAdapter(channel, use());
    case 'x':
      return createXAdapter(channel, use());
    case 'facebook':
      return createFacebookAdapter(channel, use());
    case 'instagram':
      return createInstagramAdapter(channel, use());
    case 'threads':
      return createThreadsAdapter(channel, use());
    case 'webhook':
      return createWebhookAdapter(channel, use());
  }
}
