import type { ChannelAdapterName } from './channel-settings.js';
import { channelAdapterNames } from './channel-settings.js';
import { ConfigurationError, type InputProblem, type ProblemRule } from './errors.js';

/**
 * A connected account as an admin bound it: the one brand and the one platform it serves
 * and, for Mastodon and webhooks, where its credentials may go (the instance, the URL). A
 * brand profile only names the account; the binding decides whether it may.
 */
export interface AccountBinding {
  account: string;
  brandId: string;
  platform: Exclude<ChannelAdapterName, 'sandbox'>;
  /** Mastodon: the instance URL; webhook: the URL. Absent for platforms pinned to official hosts. */
  destination?: string;
}

/** Platforms whose destination is chosen per account; every other one is pinned to its official hosts. */
export const boundDestinationPlatforms: readonly ChannelAdapterName[] = ['mastodon', 'webhook'];

/**
 * The hosts each platform adapter may call, as the platforms document them; Mastodon and
 * webhooks may call only the host of their account's bound destination.
 */
export const officialHosts: Readonly<
  Record<Exclude<ChannelAdapterName, 'sandbox' | 'mastodon' | 'webhook'>, readonly string[]>
> = {
  x: ['api.x.com'],
  linkedin: ['api.linkedin.com', 'www.linkedin.com'],
  bluesky: ['bsky.social'],
  facebook: ['graph.facebook.com'],
  instagram: ['graph.instagram.com'],
  threads: ['graph.threads.net'],
};

/** Tag keys on the account's secret that record the binding (tags only an admin may write). */
export const BindingTag = {
  brand: 'brandflow:brand',
  platform: 'brandflow:platform',
  destination: 'brandflow:destination',
} as const;

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Secrets Manager tag values: at most 256 of letters, digits, spaces and `_ . : / = + - @`. */
const tagValuePattern = /^[\p{L}\p{N}\s_.:/=+\-@]{0,256}$/u;

/**
 * The problems of a binding before it is recorded: ids, a known platform, and a destination
 * exactly where the platform needs one, an https URL without query (it is stored as a tag).
 * In the local profile a destination may be http on loopback; a deployed stack refuses it.
 *
 * @example
 * ```ts
 * bindingProblems({ account: 'acme-x', brandId: 'acme', platform: 'x' }, { local: false }); // []
 * ```
 */
export function bindingProblems(binding: AccountBinding, profile: { local: boolean }): InputProblem[] {
  const problems: InputProblem[] = [];
  const problem = (field: string, rule: ProblemRule, message: string) =>
    problems.push({ field, rule, message });
  if (!idPattern.test(binding.account))
    problem('account', 'id', 'account: 1-64 characters of A-Z a-z 0-9 _ -');
  if (!idPattern.test(binding.brandId))
    problem('brandId', 'id', 'brandId: 1-64 characters of A-Z a-z 0-9 _ -');
  if (
    !(channelAdapterNames as readonly string[]).includes(binding.platform) ||
    binding.platform === ('sandbox' as string)
  ) {
    problem(
      'platform',
      'platform',
      `platform must be one of ${channelAdapterNames.filter((n) => n !== 'sandbox').join(', ')}`,
    );
    return problems;
  }
  const needs = boundDestinationPlatforms.includes(binding.platform);
  if (!needs) {
    if (binding.destination !== undefined) {
      problem(
        'destination',
        'official-hosts',
        `${binding.platform} is pinned to its official hosts (${officialHosts[binding.platform as keyof typeof officialHosts].join(', ')}); it takes no destination`,
      );
    }
    return problems;
  }
  if (!binding.destination) {
    problem('destination', 'required', `a ${binding.platform} account needs its destination URL`);
    return problems;
  }
  const url = URL.canParse(binding.destination) ? new URL(binding.destination) : undefined;
  if (!url) {
    problem('destination', 'url', 'destination must be a URL');
    return problems;
  }
  const loopbackHost = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(profile.local && url.protocol === 'http:' && loopbackHost)) {
    problem(
      'destination',
      'https',
      'destination must be an https URL (http on loopback only in the local profile)',
    );
  }
  if (loopbackHost && !profile.local) {
    problem('destination', 'public-host', 'destination must not be a loopback host in a deployed stack');
  }
  if (url.search || url.hash || url.username || !tagValuePattern.test(binding.destination)) {
    problem(
      'destination',
      'tag-value',
      'destination must have no query, fragment or user info and fit a tag value (256 characters of letters, digits and _ . : / = + - @)',
    );
  }
  return problems;
}

/**
 * Reads the stack setting `channelAccounts`: `account:brand:platform` or
 * `account:brand:platform:destination` (Mastodon and webhooks), checked as an admin's
 * connect would be. Throws a ConfigurationError naming the entry and the rule.
 *
 * @example
 * ```ts
 * parseAccountBinding('acme-social:acme:mastodon:https://mastodon.social', { local: false });
 * // { account: 'acme-social', brandId: 'acme', platform: 'mastodon', destination: 'https://mastodon.social' }
 * ```
 */
export function parseAccountBinding(entry: string, profile: { local: boolean }): AccountBinding {
  const [account = '', brandId = '', platform = '', ...rest] = entry.split(':');
  const binding = { account, brandId, platform } as AccountBinding;
  if (rest.length) binding.destination = rest.join(':');
  return checkedBinding(binding, profile);
}

/**
 * The binding itself when it breaks no rule of {@link bindingProblems}; otherwise a
 * ConfigurationError naming the account, the field and the rule.
 *
 * @example
 * ```ts
 * checkedBinding({ account: 'acme-x', brandId: 'acme', platform: 'x' }, { local: false });
 * ```
 */
export function checkedBinding(binding: AccountBinding, profile: { local: boolean }): AccountBinding {
  const problems = bindingProblems(binding, profile);
  if (problems.length) {
    throw new ConfigurationError(
      `channelAccounts: "${binding.account}" ${problems.map((p) => `${p.field}: ${p.message} (${p.rule})`).join('; ')} (account:brand:platform[:destination])`,
      { context: { field: 'channelAccounts', account: binding.account, rule: problems[0]?.rule } },
    );
  }
  return binding;
}

/**
 * The binding as secret tags, and back. A secret without the brand and platform tags is
 * no binding at all: the account cannot be used.
 *
 * @example
 * ```ts
 * bindingFromTags('acme-x', bindingTags({ account: 'acme-x', brandId: 'acme', platform: 'x' }));
 * ```
 */
export function bindingTags(binding: AccountBinding): { Key: string; Value: string }[] {
  return [
    { Key: BindingTag.brand, Value: binding.brandId },
    { Key: BindingTag.platform, Value: binding.platform },
    ...(binding.destination ? [{ Key: BindingTag.destination, Value: binding.destination }] : []),
  ];
}

/** @see bindingTags */
export function bindingFromTags(
  account: string,
  tags: readonly { Key?: string; Value?: string }[],
): AccountBinding | undefined {
  const tag = (key: string) => tags.find((t) => t.Key === key)?.Value;
  const brandId = tag(BindingTag.brand);
  const platform = tag(BindingTag.platform);
  if (!brandId || !platform) return undefined;
  const destination = tag(BindingTag.destination);
  return {
    account,
    brandId,
    platform: platform as AccountBinding['platform'],
    ...(destination ? { destination } : {}),
  };
}

/** What a brand's channel asks of its account: which brand, which adapter, which destination. */
export interface AccountUse {
  brandId: string;
  adapter: ChannelAdapterName;
  account?: string;
  settings?: { instanceUrl?: string; url?: string };
}

/**
 * Why a brand's channel may not use its account: the account is not connected, is bound to
 * another brand or platform, or the channel points it at another destination than the bound
 * one. Empty when the use is allowed (the sandbox needs no account).
 *
 * @example
 * ```ts
 * accountUseProblems({ brandId: 'evil', adapter: 'x', account: 'acme-x' }, acmeBinding);
 * // [{ field: 'account', rule: 'account-brand', message: 'account acme-x is connected for another brand' }]
 * ```
 */
export function accountUseProblems(use: AccountUse, binding: AccountBinding | undefined): InputProblem[] {
  if (use.adapter === 'sandbox') return [];
  const account = use.account ?? '';
  if (!binding) {
    return [
      {
        field: 'account',
        rule: 'connected-account',
        message: `account ${account} is not connected: an admin connects it for a brand and platform first`,
      },
    ];
  }
  if (binding.brandId !== use.brandId) {
    return [
      {
        field: 'account',
        rule: 'account-brand',
        message: `account ${account} is connected for another brand`,
      },
    ];
  }
  if (binding.platform !== use.adapter) {
    return [
      {
        field: 'account',
        rule: 'account-platform',
        message: `account ${account} is connected for ${binding.platform}, not ${use.adapter}`,
      },
    ];
  }
  const field = use.adapter === 'mastodon' ? 'instanceUrl' : use.adapter === 'webhook' ? 'url' : undefined;
  if (field && sameUrl(use.settings?.[field]) !== sameUrl(binding.destination)) {
    return [
      {
        field: `settings.${field}`,
        rule: 'account-destination',
        message: `settings.${field} must be the destination account ${account} is connected with`,
      },
    ];
  }
  return [];
}

/** URLs compared as the WHATWG parser writes them, so `https://Host` and `https://host/` agree. */
function sameUrl(value: string | undefined): string | undefined {
  return value && URL.canParse(value) ? new URL(value).href : value;
}

/** What of a channel decides where its post goes: the adapter, the account and the host(s). */
export interface ChannelDestinationParts {
  adapter: ChannelAdapterName;
  account?: string;
  settings?: { baseUrl?: string; instanceUrl?: string; url?: string };
}

/**
 * Where a channel publishes, as one comparable string: adapter, account and the hosts it
 * calls. A reviewer approves a post for these destinations; PublishToChannel refuses a
 * channel whose destination changed since.
 *
 * @example
 * ```ts
 * channelDestination({ adapter: 'x', account: 'acme-x' }); // 'x acme-x api.x.com'
 * ```
 */
export function channelDestination(channel: ChannelDestinationParts): string {
  // The port counts here: another port on the same host is another destination.
  const named = channel.settings?.baseUrl ?? destinationUrl(channel);
  const hosts = named ? [hostOf(named, { port: true })] : channelHosts(channel);
  return [channel.adapter, channel.account ?? '-', hosts.join(',') || '-'].join(' ');
}

/**
 * The hosts a channel may call outside the local profile: its platform's official hosts, or
 * for Mastodon and webhooks the host of the instance or URL it names (which the binding
 * check holds to the account's bound destination). None for the sandbox.
 *
 * @example
 * ```ts
 * channelHosts({ adapter: 'mastodon', settings: { instanceUrl: 'https://mastodon.social' } }); // ['mastodon.social']
 * ```
 */
export function channelHosts(channel: ChannelDestinationParts): readonly string[] {
  if (channel.adapter === 'sandbox') return [];
  if (channel.adapter === 'mastodon' || channel.adapter === 'webhook') {
    const host = hostOf(destinationUrl(channel));
    return host ? [host] : [];
  }
  return officialHosts[channel.adapter];
}

/** Mastodon's instance or a webhook's URL: the destination a binding holds. */
function destinationUrl(channel: ChannelDestinationParts): string | undefined {
  if (channel.adapter === 'mastodon') return channel.settings?.instanceUrl;
  return channel.adapter === 'webhook' ? channel.settings?.url : undefined;
}

/** The host a URL names, lower case (with its port when asked); empty when it is no URL. */
function hostOf(url: string | undefined, { port = false } = {}): string {
  if (!url || !URL.canParse(url)) return '';
  const parsed = new URL(url);
  return port ? parsed.host : parsed.hostname;
}

/**
 * The destination of each of a post's channels in the brand profile, recorded with the
 * approval; a channel the profile no longer has is left out.
 *
 * @example
 * ```ts
 * approvedDestinations(brand.channels, ['x']); // { x: 'x acme-x api.x.com' }
 * ```
 */
export function approvedDestinations(
  channels: readonly (ChannelDestinationParts & { id: string })[],
  postChannels: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    channels.filter((c) => postChannels.includes(c.id)).map((c) => [c.id, channelDestination(c)]),
  );
}
