import { isLocalProfile } from '../aws/env.js';
import { channelHosts } from '../domain/account-binding.js';
import type { ChannelConfig } from '../domain/brand.js';
import { boundCredentials, secretsManagerBindings } from './account-bindings.js';
import { createBlueskyAdapter } from './bluesky.js';
import { type ChannelAdapter, ChannelFailure } from './core/channel-adapter.js';
import { secretsManagerCredentials } from './core/credentials.js';
import { createFacebookAdapter } from './facebook.js';
import { createInstagramAdapter } from './instagram.js';
import { createLinkedInAdapter } from './linkedin.js';
import { createMastodonAdapter } from './mastodon.js';
import type { AdapterDeps } from './platform-session.js';
import { createSandboxAdapter } from './sandbox.js';
import { createThreadsAdapter } from './threads.js';
import { createWebhookAdapter } from './webhook.js';
import { createXAdapter } from './x.js';

/** Who uses the channel: the brand whose profile holds it. */
export interface ChannelUser {
  brandId: string;
}

/**
 * The adapter for a brand's channel configuration. Real platforms read their account's
 * credentials from Secrets Manager, only when the account is connected for this brand,
 * platform and destination (checked on every load and save), unless `deps` says otherwise.
 * Outside the local profile the adapter calls only its platform's official hosts (or its
 * bound destination's host), a profile's `settings.baseUrl` is ignored, and the sandbox
 * adapter does not exist.
 *
 * @example
 * ```ts
 * const adapter = adapterFor(brand.channels[0], { brandId: brand.brandId });
 * ```
 */
export function adapterFor(channel: ChannelConfig, user: ChannelUser, deps?: AdapterDeps): ChannelAdapter {
  const local = isLocalProfile();
  if (channel.adapter === 'sandbox') {
    if (!local) {
      throw new ChannelFailure('the sandbox adapter exists only in the local profile', {
        kind: 'permanent',
        context: { channel: channel.id, rule: 'local-profile-only' },
      });
    }
    return createSandboxAdapter(channel);
  }
  const pinned = local ? channel : { ...channel, settings: { ...channel.settings, baseUrl: undefined } };
  const use = (): AdapterDeps => {
    const base = deps ?? { credentials: secretsManagerCredentials() };
    const bindings = deps ? deps.bindings : secretsManagerBindings();
    return {
      ...base,
      credentials: bindings
        ? boundCredentials(base.credentials, bindings, { ...channel, brandId: user.brandId })
        : base.credentials,
      http: { ...base.http, hosts: local ? base.http?.hosts : channelHosts(channel) },
    };
  };
  switch (pinned.adapter) {
    case 'mastodon':
      return createMastodonAdapter(pinned, use());
    case 'bluesky':
      return createBlueskyAdapter(pinned, use());
    case 'linkedin':
      return createLinkedInAdapter(pinned, use());
    case 'x':
      return createXAdapter(pinned, use());
    case 'facebook':
      return createFacebookAdapter(pinned, use());
    case 'instagram':
      return createInstagramAdapter(pinned, use());
    case 'threads':
      return createThreadsAdapter(pinned, use());
    default:
      return createWebhookAdapter(pinned, use());
  }
}
