import type { ChannelConfig } from '../domain/brand.js';
import type { ChannelAdapter } from './channel-adapter.js';
import { createSandboxAdapter } from './sandbox.js';

/**
 * The adapter for a brand's channel configuration.
 *
 * @example
 * ```ts
 * const adapter = adapterFor(brand.channels[0]);
 * ```
 */
export function adapterFor(channel: ChannelConfig): ChannelAdapter {
  switch (channel.adapter) {
    case 'sandbox':
      return createSandboxAdapter(channel);
  }
}
