import type { ChannelConfig } from '../domain/brand.js';
import { type InputProblem, InvalidInputError } from '../domain/errors.js';
import { type ChannelMetrics, type NormalizedMetricName, normalizedMetricNames } from '../domain/metrics.js';
import type { ChannelContent } from '../domain/post.js';
import { toUtc } from '../domain/time.js';
import type { AccountBindingStore } from './account-bindings.js';
import { ChannelFailure, type PublishRequest } from './channel-adapter.js';
import type { ChannelCredentials, CredentialStore } from './credentials.js';
import { callPlatform, type HttpOptions, type PlatformDialect, type PlatformRequest } from './http.js';

/** What every platform adapter is built with: where credentials live and how to call out. */
export interface AdapterDeps {
  credentials: CredentialStore;
  http?: HttpOptions;
  /** Where account bindings are read; every credential use is checked against them when set. */
  bindings?: AccountBindingStore;
}

/** Refreshes an expiring OAuth token; returns the fields to write back into the secret. */
export type TokenRefresher = (credentials: ChannelCredentials) => Promise<Partial<ChannelCredentials>>;

/** Refresh this long before the token's stated expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * A platform session for one channel: loads the account's token, refreshes it shortly
 * before it expires (and once after a 401), writes the refreshed token back, and turns a
 * refresh that fails into a permanent failure asking for reconnection.
 *
 * @example
 * ```ts
 * const session = tokenSession(channel, deps, dialect, refreshX);
 * const { body } = await session.call((credentials) => ({ method: 'GET', url, headers: bearer(session.token(credentials)), operation: 'metrics' }));
 * ```
 */
export function tokenSession(
  channel: ChannelConfig,
  deps: AdapterDeps,
  dialect: PlatformDialect,
  refresher?: TokenRefresher,
) {
  const account = channel.account ?? channel.id;
  const refresh = async (credentials: ChannelCredentials): Promise<ChannelCredentials> => {
    if (!refresher) return credentials;
    let changes: Partial<ChannelCredentials>;
    try {
      changes = await refresher(credentials);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw new ChannelFailure(`${dialect.platform} token refresh for account ${account} failed: ${reason}`, {
        kind: 'permanent',
        reconnect: true,
        cause: error,
        context: { channel: channel.id, account },
      });
    }
    const updated = { ...credentials, ...changes } as ChannelCredentials;
    await deps.credentials.save(account, updated);
    return updated;
  };
  const current = async (): Promise<ChannelCredentials> => {
    const credentials = await deps.credentials.load(account);
    const expiresAt = credentials.expiresAt ? Date.parse(credentials.expiresAt) : Number.NaN;
    if (refresher && !Number.isNaN(expiresAt) && expiresAt - Date.now() < REFRESH_MARGIN_MS) {
      return refresh(credentials);
    }
    return credentials;
  };
  return {
    account,
    /** The access token every call carries; its absence asks for reconnection. */
    token: (credentials: ChannelCredentials) => requireCredential(credentials, 'accessToken', account),
    /** Calls with the current token; after a 401, refreshes once and calls again (the 401 means nothing was done). */
    async call(build: (credentials: ChannelCredentials) => PlatformRequest) {
      const credentials = await current();
      try {
        return await callPlatform(dialect, build(credentials), deps.http);
      } catch (error) {
        if (!(error instanceof ChannelFailure && error.reconnect && refresher && credentials.refreshToken)) {
          throw error;
        }
        return callPlatform(dialect, build(await refresh(credentials)), deps.http);
      }
    },
  };
}

/**
 * A credential field the adapter cannot work without.
 *
 * @example
 * ```ts
 * const token = requireCredential(credentials, 'accessToken', 'acme-x');
 * ```
 */
export function requireCredential(credentials: ChannelCredentials, field: string, account: string): string {
  const value = credentials[field];
  if (!value) {
    throw new ChannelFailure(`account ${account} has no ${field} in its secret: connect the account again`, {
      kind: 'permanent',
      reconnect: true,
      context: { account, field },
    });
  }
  return value;
}

/** `Authorization: Bearer` header. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Throws a permanent failure naming every problem, before any call is made.
 *
 * @example
 * ```ts
 * refuseInvalid('x', adapter.validate(content));
 * ```
 */
export function refuseInvalid(channel: string, problems: InputProblem[]): void {
  if (problems.length === 0) return;
  const invalid = new InvalidInputError(problems, { context: { channel } });
  throw new ChannelFailure(`the post breaks the platform's rules: ${invalid.message}`, {
    kind: 'permanent',
    cause: invalid,
    context: { channel },
  });
}

/**
 * The text as published: the post text, then its link on a new line unless the text has it.
 *
 * @example
 * ```ts
 * composeText({ text: 'New', link: 'https://acme.example/new' }); // 'New\nhttps://acme.example/new'
 * ```
 */
export function composeText(content: ChannelContent): string {
  if (!content.link || content.text.includes(content.link)) return content.text;
  return content.text ? `${content.text}\n${content.link}` : content.link;
}

/** User-perceived characters (grapheme clusters), as Bluesky and Mastodon count. */
export { graphemeLength } from '../domain/graphemes.js';

/**
 * The problem of a post that gives media as links to a platform that only takes uploads:
 * none when the post has no `mediaUrls`.
 *
 * @example
 * ```ts
 * problems.push(...mediaLinksRefused(content, 'X takes media as uploads, not as links: remove mediaUrls'));
 * ```
 */
export function mediaLinksRefused(content: ChannelContent, message: string): InputProblem[] {
  return content.mediaUrls?.length ? [{ field: 'mediaUrls', rule: 'media-by-reference', message }] : [];
}

const urlPattern = /https?:\/\/[^\s]+/g;

/** A text compared to what a platform returns: links removed (platforms shorten or expand them), spaces collapsed. */
export function comparableText(text: string): string {
  return text.replace(urlPattern, '').replace(/\s+/g, ' ').trim();
}

/** How far a platform's clock may run behind ours when it stamps a post's creation time. */
export const PLATFORM_CLOCK_SKEW_MS = 60_000;

/**
 * Whether a post the platform created at `createdAt` (RFC 3339, or epoch ms) may be this
 * request's publication: created after the intent was recorded, less the clock skew. A post
 * without a creation time, or a request without an intent time, never is.
 *
 * @example
 * ```ts
 * const candidates = posts.filter((post) => createdSinceIntent(post.created_at, request));
 * ```
 */
export function createdSinceIntent(createdAt: string | number | undefined, request: PublishRequest): boolean {
  if (createdAt === undefined || !request.notBefore) return false;
  const created = typeof createdAt === 'number' ? createdAt : Date.parse(normalizeOffset(createdAt));
  return Number.isFinite(created) && created >= Date.parse(request.notBefore) - PLATFORM_CLOCK_SKEW_MS;
}

/** The earliest creation time a lookup needs to ask for (RFC 3339 UTC, whole seconds). */
export function lookupStart(request: PublishRequest): string | undefined {
  if (!request.notBefore) return undefined;
  return toUtc(Date.parse(request.notBefore) - PLATFORM_CLOCK_SKEW_MS);
}

/** Graph writes `+0000`; Date.parse wants `+00:00`. */
function normalizeOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/**
 * The post of `candidates` that is this request's publication: created after its intent and
 * with its text, never by text alone.
 *
 * @example
 * ```ts
 * const match = findOwnPost(tweets, request, (t) => t.text, (t) => t.created_at);
 * ```
 */
export function findOwnPost<T>(
  candidates: T[],
  request: PublishRequest,
  textOf: (candidate: T) => string,
  createdAtOf: (candidate: T) => string | number | undefined,
  wantedText: string = composeText(request.content),
): T | undefined {
  const wanted = comparableText(wantedText);
  return candidates.find(
    (candidate) =>
      createdSinceIntent(createdAtOf(candidate), request) && comparableText(textOf(candidate)) === wanted,
  );
}

/** The URLs a text contains. */
export function urlsIn(text: string): string[] {
  return text.match(urlPattern) ?? [];
}

/** X and Mastodon count every link as 23 characters, whatever its length. */
const LINK_WEIGHT = 23;

/**
 * A text's length with each link counted as 23 and the rest by `countRest`.
 *
 * @example
 * ```ts
 * linkWeightedLength('see https://acme.example/a/long/path', graphemeLength); // 27
 * ```
 */
export function linkWeightedLength(text: string, countRest: (rest: string) => number): number {
  const links = urlsIn(text);
  return countRest(links.reduce((rest, link) => rest.replace(link, ''), text)) + links.length * LINK_WEIGHT;
}

/**
 * The `max-length` problem of a text longer than the platform allows: none within the limit.
 * `counting` says how the platform counts, when not in plain characters.
 *
 * @example
 * ```ts
 * problems.push(...tooLong('Mastodon', 500, length, ' (links count 23)'));
 * ```
 */
export function tooLong(platform: string, limit: number, length: number, counting = ''): InputProblem[] {
  if (length <= limit) return [];
  return [
    {
      field: 'text',
      rule: 'max-length',
      message: `${platform} allows ${limit} characters${counting}; this post has ${length}`,
    },
  ];
}

/** Media file kinds by extension: platforms treat images and videos differently. */
export function mediaKind(url: string): 'image' | 'video' | 'unknown' {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(jpe?g|png|gif|webp|heic)$/.test(path)) return 'image';
  if (/\.(mp4|mov|m4v|webm)$/.test(path)) return 'video';
  return 'unknown';
}

/**
 * The normalized metrics from what a platform gave: names it does not provide are 0 and
 * listed in `notProvided`.
 *
 * @example
 * ```ts
 * normalizedMetrics({ likes: 3, shares: 1, comments: 0 }, raw);
 * ```
 */
export function normalizedMetrics(
  values: Partial<Record<NormalizedMetricName, number | undefined>>,
  raw: unknown,
): ChannelMetrics {
  const notProvided = normalizedMetricNames.filter((name) => typeof values[name] !== 'number');
  const value = (name: NormalizedMetricName) => values[name] ?? 0;
  return {
    impressions: value('impressions'),
    reach: value('reach'),
    likes: value('likes'),
    comments: value('comments'),
    shares: value('shares'),
    saves: value('saves'),
    clicks: value('clicks'),
    videoViews: value('videoViews'),
    notProvided,
    raw,
  };
}

/** A number from an unknown JSON value, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The sum of the counts a platform gave, or undefined when it gave none (reposts and quotes as shares). */
export function sumProvided(...values: (number | undefined)[]): number | undefined {
  const given = values.filter((value) => value !== undefined);
  return given.length ? given.reduce((sum, value) => sum + value, 0) : undefined;
}

/**
 * The fields to write back from an OAuth 2 token answer.
 *
 * @example
 * ```ts
 * oauthTokens({ access_token: 'a', refresh_token: 'r', expires_in: 7200 });
 * ```
 */
export function oauthTokens(body: unknown): {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
} {
  const answer = body as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (!answer?.access_token) throw new Error('the token answer has no access_token');
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    ...(answer.expires_in
      ? { expiresAt: new Date(Date.now() + answer.expires_in * 1000).toISOString() }
      : {}),
  };
}

/** RFC 3339 UTC without milliseconds. */
export function utcNow(): string {
  return toUtc(Date.now());
}

/** The base URL with no trailing slash. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
