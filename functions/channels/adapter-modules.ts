import type { ChannelConfig } from '../domain/brand.js';
import type { ChannelAdapterName } from '../domain/channel-settings.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import type { AdapterDeps } from './platform-session.js';

/** Builds a platform's adapter for one channel. */
export type AdapterFactory = (channel: ChannelConfig, deps: AdapterDeps) => ChannelAdapter;

/*
 * Each platform's adapter module is imported at its first use, not when a handler is imported:
 * a cold start of a handler that publishes, collects or replies no longer reads and runs every
 * platform's code (X's alone brings twitter-text, 72 KB) for the one channel it serves. The
 * bundler puts each module in its own chunk (infra/constructs/bundle-options.ts).
 */
const platformModules = {
  mastodon: async () => (await import('./mastodon.js')).createMastodonAdapter,
  bluesky: async () => (await import('./bluesky.js')).createBlueskyAdapter,
  x: async () => (await import('./x.js')).createXAdapter,
  linkedin: async () => (await import('./linkedin.js')).createLinkedInAdapter,
  facebook: async () => (await import('./facebook.js')).createFacebookAdapter,
  instagram: async () => (await import('./instagram.js')).createInstagramAdapter,
  threads: async () => (await import('./threads.js')).createThreadsAdapter,
  webhook: async () => (await import('./webhook.js')).createWebhookAdapter,
} satisfies Record<Exclude<ChannelAdapterName, 'sandbox'>, () => Promise<AdapterFactory>>;

/** The platforms with an adapter of their own (every adapter name but the sandbox's). */
export type PlatformAdapterName = keyof typeof platformModules;

/**
 * The adapter factory of a platform, its module imported on the first call (later calls reuse
 * it, as every `import()` of a module does).
 *
 * @example
 * ```ts
 * const createAdapter = await platformAdapterFactory('mastodon');
 * const adapter = createAdapter(channel, { credentials });
 * ```
 */
export function platformAdapterFactory(name: PlatformAdapterName): Promise<AdapterFactory> {
  return platformModules[name]();
}
