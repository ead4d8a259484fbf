import { isLocalProfile } from '../aws/env.js';
import { channelHosts } from '../domain/account-binding.js';
import type { ChannelConfig } from '../domain/brand.js';
import { boundCredentials, secretsManagerBindings } from './account-bindings.js';
import { platformAdapterFactory } from './adapter-modules.js';
import { type ChannelAdapter, ChannelFailure } from './core/channel-adapter.js';
import { secretsManagerCredentials } from './core/credentials.js';
import type { AdapterDeps } from './platform-session.js';

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
 * adapter does not exist. The adapter's module is imported at the first use of its platform
 * (adapter-modules.ts).
 *
 * @example
 * ```ts
 * const adapter = await adapterFor(brand.channels[0], { brandId: brand.brandId });
 * ```
 */
export async function adapterFor(
  channel: ChannelConfig,
  user: ChannelUser,
  deps?: AdapterDeps,
): Promise<ChannelAdapter> {
  const local = isLocalProfile();
  if (channel.adapter === 'sandbox') {
    if (!local) {
      throw new ChannelFailure('the sandbox adapter exists only in the local profile', {
        kind: 'permanent',
        context: { channel: channel.id, rule: 'local-profile-only' },
      });
    }
    return (await import('./sandbox.js')).createSandboxAdapter(channel);
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
  const createAdapter = await platformAdapterFactory(channel.adapter);
  return createAdapter(pinned, use());
}
