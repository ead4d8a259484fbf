import type { ChannelConfig } from '../domain/brand.js';
import { ConfigurationError, type InputProblem } from '../domain/errors.js';
import { createBlueskyAdapter } from './bluesky.js';
import type { ChannelAdapter } from './core/channel-adapter.js';
import type { CredentialStore } from './core/credentials.js';
import { createFacebookAdapter } from './facebook.js';
import { createInstagramAdapter } from './instagram.js';
import { createLinkedInAdapter } from './linkedin.js';
import { createMastodonAdapter } from './mastodon.js';
import { createThreadsAdapter } from './threads.js';
import { createXAdapter } from './x.js';

/*
 * What the front door checks before a reply is written: whether the channel's adapter can reply
 * at all, and its own length rules. The adapters are built without credentials, so checking
 * never touches a secret (the API function has no access to them) nor calls a platform.
 */

const factories = {
  mastodon: createMastodonAdapter,
  bluesky: createBlueskyAdapter,
  x: createXAdapter,
  linkedin: createLinkedInAdapter,
  facebook: createFacebookAdapter,
  instagram: createInstagramAdapter,
  threads: createThreadsAdapter,
} as const;

const noCredentials: CredentialStore = {
  load: () => Promise.reject(new ConfigurationError('a reply check never loads credentials')),
  save: () => Promise.reject(new ConfigurationError('a reply check never saves credentials')),
};

/**
 * The problems of a reply text on a channel, by the rules its adapter applies to posts (the
 * length, counted as the platform counts), or undefined when the channel takes no replies
 * (a webhook, the sandbox, a platform without a reply call).
 *
 * @example
 * ```ts
 * replyTextProblems(brand.channels[0], 'Thanks!'); // [] on Mastodon
 * ```
 */
export function replyTextProblems(channel: ChannelConfig, text: string): InputProblem[] | undefined {
  const create = factories[channel.adapter as keyof typeof factories];
  const adapter: ChannelAdapter | undefined = create?.(channel, { credentials: noCredentials });
  if (!adapter?.reply) return undefined;
  // A reply is text only: the rules about media and links of a post do not apply to it.
  return (adapter.validate?.({ text }) ?? []).filter((problem) => problem.rule === 'max-length');
}
