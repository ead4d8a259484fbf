import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import { followerCount } from '../domain/kpis.js';
import type { ChannelContent } from '../domain/post.js';
import type { ChannelAdapter, PublishedPost, PublishRequest } from './core/channel-adapter.js';
import {
  composeText,
  graphemeLength,
  linkWeightedLength,
  mediaLinksRefused,
  refuseInvalid,
  tooLong,
} from './core/content-checks.js';
import type { ChannelCredentials } from './core/credentials.js';
import { firstErrorField, type PlatformDialect } from './core/http.js';
import { findOwnPost } from './core/own-post-lookup.js';
import { mastodonFeedback, sessionRead } from './feedback/readers.js';
import { mastodonFindReply, mastodonReply, sessionWrite } from './feedback/replies.js';
import { mastodonMediaIds, readInstanceMediaLimits } from './media/mastodon-media.js';
import type { AuthorizedCall } from './media/uploads.js';
import { normalizedMetrics, num } from './platform-metrics.js';
import { type AdapterDeps, bearer, tokenSession, trimBase } from './platform-session.js';

/** Mastodon's default limit; an instance may allow more (the brand's maxLength says so). */
export const MASTODON_MAX_CHARACTERS = 500;

interface MastodonStatus {
  id: string;
  url?: string;
  uri?: string;
  created_at?: string;
  content?: string;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
}

/**
 * Mastodon (`POST /api/v1/statuses`). Every attempt of one post revision sends the same
 * `Idempotency-Key`, so the instance answers a repeat with the status it already created;
 * past the instance's memory of the key, the account's recent statuses are searched first.
 *
 * @example
 * ```ts
 * const adapter = createMastodonAdapter(
 *   { id: 'mastodon', adapter: 'mastodon', account: 'acme-mastodon', maxLength: 500, settings: { instanceUrl: 'https://mastodon.social' } },
 *   { credentials: secretsManagerCredentials() },
 * );
 * ```
 */
export function createMastodonAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const base = trimBase(channel.settings?.baseUrl ?? channel.settings?.instanceUrl ?? '');
  const dialect: PlatformDialect = {
    platform: 'Mastodon',
    channel: channel.id,
    errorMessage: (body) => firstErrorField(body, 'error'),
  };
  const session = tokenSession(channel, deps, dialect);
  /** The headers every call of this account carries. */
  const authHeaders = (credentials: ChannelCredentials) => bearer(session.token(credentials));
  const feedbackRead = sessionRead(session, base, authHeaders);
  const feedbackWrite = sessionWrite(session, base, authHeaders);
  const limit = Math.max(channel.maxLength, MASTODON_MAX_CHARACTERS);
  const toPublished = (status: MastodonStatus): PublishedPost => ({
    externalId: status.id,
    url: status.url ?? status.uri ?? `${base}/statuses/${status.id}`,
    publishedAt: status.created_at ?? new Date().toISOString(),
  });
  const authorized: AuthorizedCall = (build) => session.call((c) => build(authHeaders(c)));

  const adapter: ChannelAdapter = {
    validate(content: ChannelContent): InputProblem[] {
      const length = linkWeightedLength(composeText(content), graphemeLength);
      return [
        ...tooLong('Mastodon', limit, length, ' (links count 23)'),
        ...(length === 0
          ? [{ field: 'text', rule: 'required' as const, message: 'Mastodon needs text' }]
          : []),
        ...mediaLinksRefused(
          content,
          'Mastodon takes media as uploads, not as links: remove mediaUrls or put the link in the text',
        ),
      ];
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      const mediaIds = await mastodonMediaIds(request, base, channel.id, authorized);
      const { body } = await session.call((credentials) => ({
        method: 'POST',
        url: `${base}/api/v1/statuses`,
        headers: { ...authHeaders(credentials), 'idempotency-key': request.idempotencyKey },
        json: {
          status: composeText(request.content),
          visibility: 'public',
          ...(mediaIds.length ? { media_ids: mediaIds } : {}),
        },
        operation: 'publish',
      }));
      return toPublished(body as MastodonStatus);
    },

    mediaLimits: () => readInstanceMediaLimits(base, authorized),

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      const me = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/api/v1/accounts/verify_credentials`,
        headers: authHeaders(credentials),
        operation: 'lookup',
      }));
      const accountId = (me.body as { id: string }).id;
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?limit=40&exclude_replies=true&exclude_reblogs=true`,
        headers: authHeaders(credentials),
        operation: 'lookup',
      }));
      const match = findOwnPost(
        body as MastodonStatus[],
        request,
        (status) => plainText(status.content ?? ''),
        (status) => status.created_at,
      );
      return match && toPublished(match);
    },

    async fetchFollowers() {
      const me = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/api/v1/accounts/verify_credentials`,
        headers: authHeaders(credentials),
        operation: 'followers',
      }));
      return followerCount((me.body as { followers_count?: unknown }).followers_count);
    },

    async fetchMetrics(published: PublishedPost) {
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/api/v1/statuses/${encodeURIComponent(published.externalId)}`,
        headers: authHeaders(credentials),
        operation: 'metrics',
      }));
      const status = body as MastodonStatus;
      return normalizedMetrics(
        {
          likes: num(status.favourites_count),
          shares: num(status.reblogs_count),
          comments: num(status.replies_count),
        },
        {
          favourites_count: status.favourites_count,
          reblogs_count: status.reblogs_count,
          replies_count: status.replies_count,
        },
      );
    },

    fetchFeedback: (published) => mastodonFeedback(feedbackRead, published, plainText),
    reply: (request) => mastodonReply(feedbackWrite, request, base),
    findReply: (request) => mastodonFindReply(feedbackRead, request, plainText, base),
  };
  return adapter;
}

/** Mastodon returns statuses as HTML: paragraphs and line breaks become new lines, tags go. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/p>\s*<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
