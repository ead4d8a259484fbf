import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import { followerCount } from '../domain/kpis.js';
import type { ChannelContent } from '../domain/post.js';
import { xWeightedLength } from '../domain/x-length.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishedPost,
  type PublishRequest,
} from './core/channel-adapter.js';
import { composeText, mediaLinksRefused, refuseInvalid, tooLong } from './core/content-checks.js';
import type { ChannelCredentials } from './core/credentials.js';
import { callPlatform, type PlatformDialect } from './core/http.js';
import { findOwnPost, lookupStart } from './core/own-post-lookup.js';
import { xHide } from './feedback/moderation.js';
import { sessionRead, xFeedback } from './feedback/readers.js';
import { sessionWrite, xFindReply, xReply } from './feedback/replies.js';
import type { AuthorizedCall } from './media/uploads.js';
import { xMediaIds } from './media/x-media.js';
import { normalizedMetrics, num, sumProvided } from './platform-metrics.js';
import {
  type AdapterDeps,
  bearer,
  oauthTokens,
  requireCredential,
  type TokenRefresher,
  tokenSession,
  trimBase,
} from './platform-session.js';

interface Tweet {
  id: string;
  text?: string;
  created_at?: string;
  public_metrics?: Record<string, number>;
}

/**
 * X API v2 (`POST /2/tweets`) with OAuth 2 user tokens, refreshed before they expire. X has
 * no idempotency key: after an ambiguous failure, and when X calls the text a duplicate, the
 * account's posts created since the intent was recorded are searched for this text first.
 *
 * @example
 * ```ts
 * const adapter = createXAdapter({ id: 'x', adapter: 'x', account: 'acme-x', maxLength: 280 }, deps);
 * ```
 */
export function createXAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const base = trimBase(channel.settings?.baseUrl ?? 'https://api.x.com');
  const dialect: PlatformDialect = {
    platform: 'X',
    channel: channel.id,
    errorMessage: (body) => {
      const error = body as { detail?: string; title?: string; errors?: { message?: string }[] } | undefined;
      return error?.detail ?? error?.errors?.[0]?.message ?? error?.title;
    },
  };
  const refresh: TokenRefresher = async (credentials) => {
    const clientId = requireCredential(credentials, 'clientId', session.account);
    const basic = credentials.clientSecret
      ? {
          authorization: `Basic ${Buffer.from(`${clientId}:${credentials.clientSecret}`).toString('base64')}`,
        }
      : undefined;
    const { body } = await callPlatform(
      dialect,
      {
        method: 'POST',
        url: `${base}/2/oauth2/token`,
        headers: basic,
        form: {
          grant_type: 'refresh_token',
          refresh_token: requireCredential(credentials, 'refreshToken', session.account),
          client_id: clientId,
        },
        operation: 'token refresh',
      },
      deps.http,
    );
    return oauthTokens(body);
  };
  const session = tokenSession(channel, deps, dialect, refresh);
  /** The headers every call of this account carries. */
  const authHeaders = (credentials: ChannelCredentials) => bearer(session.token(credentials));
  const feedbackRead = sessionRead(session, base, authHeaders);
  const feedbackWrite = sessionWrite(session, base, authHeaders);
  const limit = channel.settings?.verified ? 4000 : 280;
  const authorized: AuthorizedCall = (build) => session.call((c) => build(authHeaders(c)));
  const toPublished = (tweet: Tweet): PublishedPost => ({
    externalId: tweet.id,
    url: `https://x.com/i/web/status/${tweet.id}`,
    publishedAt: tweet.created_at ?? new Date().toISOString(),
  });

  const adapter: ChannelAdapter = {
    keyless: true,
    validate(content: ChannelContent): InputProblem[] {
      return [
        ...tooLong(
          'X',
          limit,
          xWeightedLength(composeText(content)),
          ' as it counts them (links 23, CJK and emoji 2)',
        ),
        ...mediaLinksRefused(
          content,
          'X takes media as uploads, not as links: remove mediaUrls or put the link in the text',
        ),
      ];
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      const mediaIds = await xMediaIds(request, base, channel.id, authorized);
      try {
        const { body } = await session.call((credentials) => ({
          method: 'POST',
          url: `${base}/2/tweets`,
          headers: authHeaders(credentials),
          json: {
            text: composeText(request.content),
            ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}),
          },
          operation: 'publish',
        }));
        return { ...toPublished((body as { data: Tweet }).data), publishedAt: new Date().toISOString() };
      } catch (error) {
        // X refuses a repeated text with 403: the earlier attempt may be that post.
        if (
          error instanceof ChannelFailure &&
          error.context.status === 403 &&
          /duplicate/i.test(error.message)
        ) {
          const earlier = await adapter.findPublished(request);
          if (earlier) return earlier;
        }
        throw error;
      }
    },

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      const me = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/2/users/me`,
        headers: authHeaders(credentials),
        operation: 'lookup',
      }));
      const userId = (me.body as { data: { id: string } }).data.id;
      const since = lookupStart(request);
      if (!since) return undefined;
      // Only posts created since the intent: the same text posted last week is another post.
      const query = new URLSearchParams({
        max_results: '20',
        'tweet.fields': 'created_at',
        start_time: since,
      });
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/2/users/${encodeURIComponent(userId)}/tweets?${query}`,
        headers: authHeaders(credentials),
        operation: 'lookup',
      }));
      const match = findOwnPost(
        (body as { data?: Tweet[] }).data ?? [],
        request,
        (t) => t.text ?? '',
        (t) => t.created_at,
      );
      return match && toPublished(match);
    },

    async fetchFollowers() {
      const me = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/2/users/me?user.fields=public_metrics`,
        headers: authHeaders(credentials),
        operation: 'followers',
      }));
      const user = (me.body as { data?: { public_metrics?: { followers_count?: unknown } } }).data;
      return followerCount(user?.public_metrics?.followers_count);
    },

    async fetchMetrics(published: PublishedPost) {
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/2/tweets/${encodeURIComponent(published.externalId)}?tweet.fields=public_metrics`,
        headers: authHeaders(credentials),
        operation: 'metrics',
      }));
      const metrics = (body as { data: Tweet }).data.public_metrics ?? {};
      return normalizedMetrics(
        {
          impressions: num(metrics.impression_count),
          likes: num(metrics.like_count),
          comments: num(metrics.reply_count),
          shares: sumProvided(num(metrics.retweet_count), num(metrics.quote_count)),
          saves: num(metrics.bookmark_count),
        },
        metrics,
      );
    },

    fetchFeedback: (published) => xFeedback(feedbackRead, published),
    reply: (request) => xReply(feedbackWrite, request),
    hideFeedback: (platformId) => xHide((build) => session.call(build), base, authHeaders, platformId),
    findReply: (request) => xFindReply(feedbackRead, request),
  };
  return adapter;
}
