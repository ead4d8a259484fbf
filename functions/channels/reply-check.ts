import type { ChannelConfig } from '../domain/brand.js';
import { ConfigurationError, type InputProblem } from '../domain/errors.js';
import { type PlatformAdapterName, platformAdapterFactory } from './adapter-modules.js';
import type { CredentialStore } from './core/credentials.js';

/*
 * What the front door checks before a reply is written: whether the channel's adapter can reply
 * at all, and its own length rules. The adapters are built without credentials, so checking
 * never touches a secret (the API function has no access to them) nor calls a platform.
 */

/** The platforms whose adapters may reply: a webhook and the sandbox never do. */
const replyingPlatforms: readonly PlatformAdapterName[] = [
  'mastodon',
  'bluesky',
  'x',
  'linkedin',
  'facebook',
  'instagram',
  'threads',
];

const mayReply = (name: string): name is PlatformAdapterName =>
  (replyingPlatforms as readonly string[]).includes(name);

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
 * await replyTextProblems(brand.channels[0], 'Thanks!'); // [] on Mastodon
 * ```
 */
export async function replyTextProblems(
  channel: ChannelConfig,
  text: string,
): Promise<InputProblem[] | undefined> {
  if (!mayReply(channel.adapter)) return undefined;
  const create = await platformAdapterFactory(channel.adapter);
  const adapter = create(channel, { credentials: noCredentials });
  if (!adapter.reply) return undefined;
  // A reply is text only: the rules about media and links of a post do not apply to it.
  return (adapter.validate?.({ text }) ?? []).filter((problem) => problem.rule === 'max-length');
}
