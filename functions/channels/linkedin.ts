import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import type { ChannelContent } from '../domain/post.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishedPost,
  type PublishRequest,
} from './core/channel-adapter.js';
import { mediaLinksRefused, refuseInvalid, tooLong } from './core/content-checks.js';
import type { ChannelCredentials } from './core/credentials.js';
import { callPlatform, firstErrorField, type PlatformDialect } from './core/http.js';
import { findOwnPost } from './core/own-post-lookup.js';
import { linkedInFeedback, sessionRead } from './feedback/readers.js';
import { linkedInFindReply, linkedInReply, sessionWrite } from './feedback/replies.js';
import { type LinkedInMediaCalls, linkedInMediaContent } from './media/linkedin-media.js';
import { normalizedMetrics, num } from './platform-metrics.js';
import {
  type AdapterDeps,
  bearer,
  oauthTokens,
  requireCredential,
  type TokenRefresher,
  tokenSession,
  trimBase,
} from './platform-session.js';

export const LINKEDIN_MAX_CHARACTERS = 3000;
/** The Posts API version Brandflow speaks (`Linkedin-Version: YYYYMM`). */
export const LINKEDIN_VERSION = '202506';

/** LinkedIn's "little text" format reserves these characters; a literal one needs a backslash. */
const reserved = /[\\|{}@[\]()<>#*_~]/g;
const escapeCommentary = (text: string) => text.replace(reserved, (char) => `\\${char}`);
const unescapeCommentary = (text: string) => text.replace(/\\([\\|{}@[\]()<>#*_~])/g, '$1');

/**
 * LinkedIn organization posts (`POST /rest/posts`); the post's URN comes back in
 * `x-restli-id`. LinkedIn has no idempotency key: a `DUPLICATE_POST` answer and an
 * ambiguous failure make the adapter search the organization's posts created since the intent
 * was recorded first.
 *
 * @example
 * ```ts
 * const adapter = createLinkedInAdapter(
 *   { id: 'li', adapter: 'linkedin', account: 'acme-li', maxLength: 3000, settings: { organizationUrn: 'urn:li:organization:1' } },
 *   deps,
 * );
 * ```
 */
export function createLinkedInAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const base = trimBase(channel.settings?.baseUrl ?? 'https://api.linkedin.com');
  const authBase = trimBase(channel.settings?.baseUrl ?? 'https://www.linkedin.com');
  const organization = channel.settings?.organizationUrn ?? '';
  const dialect: PlatformDialect = {
    platform: 'LinkedIn',
    channel: channel.id,
    errorMessage: (body) => firstErrorField(body, 'message', 'error_description'),
  };
  const refresh: TokenRefresher = async (credentials) => {
    const { body } = await callPlatform(
      dialect,
      {
        method: 'POST',
        url: `${authBase}/oauth/v2/accessToken`,
        form: {
          grant_type: 'refresh_token',
          refresh_token: requireCredential(credentials, 'refreshToken', session.account),
          client_id: requireCredential(credentials, 'clientId', session.account),
          client_secret: requireCredential(credentials, 'clientSecret', session.account),
        },
        operation: 'token refresh',
      },
      deps.http,
    );
    return oauthTokens(body);
  };
  const session = tokenSession(channel, deps, dialect, refresh);
  const headers = (token: string) => ({
    ...bearer(token),
    'linkedin-version': LINKEDIN_VERSION,
    'x-restli-protocol-version': '2.0.0',
  });
  /** The headers every call of this account carries. */
  const authHeaders = (credentials: ChannelCredentials) => headers(session.token(credentials));
  const feedbackRead = sessionRead(session, base, authHeaders);
  const feedbackWrite = sessionWrite(session, base, authHeaders);
  const toPublished = (urn: string, publishedAt: string): PublishedPost => ({
    externalId: urn,
    url: `https://www.linkedin.com/feed/update/${urn}`,
    publishedAt,
  });

  const mediaCalls: LinkedInMediaCalls = {
    channel: channel.id,
    owner: organization,
    action: async (resource, action, json) =>
      (
        await session.call((credentials) => ({
          method: 'POST',
          url: `${base}/rest/${resource}?action=${action}`,
          headers: authHeaders(credentials),
          json,
          operation: 'upload-media',
        }))
      ).body,
    upload: async (url, data) => {
      const { headers: answered } = await session.call((credentials) => ({
        method: 'PUT',
        url,
        headers: bearer(session.token(credentials)),
        bytes: { data, contentType: 'application/octet-stream' },
        operation: 'upload-media',
      }));
      return answered.get('etag') ?? undefined;
    },
    read: async (resource, urn) =>
      (
        await session.call((credentials) => ({
          method: 'GET',
          url: `${base}/rest/${resource}/${encodeURIComponent(urn)}`,
          headers: authHeaders(credentials),
          operation: 'upload-media',
        }))
      ).body as { status?: string },
  };

  const adapter: ChannelAdapter = {
    keyless: true,
    validate(content: ChannelContent): InputProblem[] {
      return [
        ...tooLong('LinkedIn', LINKEDIN_MAX_CHARACTERS, content.text.length),
        ...mediaLinksRefused(
          content,
          'LinkedIn takes images and video as uploads, not as links: remove mediaUrls or use link',
        ),
        ...(content.assets?.length && content.link
          ? [
              {
                field: 'link',
                rule: 'link-with-media' as const,
                message:
                  'a LinkedIn post carries media or a link preview, not both: put the link in the text',
              },
            ]
          : []),
      ];
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      // Uploaded (or found uploaded) before the post: a post names only AVAILABLE media.
      const media = await linkedInMediaContent(mediaCalls, request);
      try {
        const response = await session.call((credentials) => ({
          method: 'POST',
          url: `${base}/rest/posts`,
          headers: authHeaders(credentials),
          json: {
            author: organization,
            commentary: escapeCommentary(request.content.text),
            visibility: 'PUBLIC',
            distribution: {
              feedDistribution: 'MAIN_FEED',
              targetEntities: [],
              thirdPartyDistributionChannels: [],
            },
            lifecycleState: 'PUBLISHED',
            isReshareDisabledByAuthor: false,
            ...(media
              ? { content: media }
              : request.content.link
                ? { content: { article: { source: request.content.link } } }
                : {}),
          },
          operation: 'publish',
        }));
        const urn = response.headers.get('x-restli-id');
        if (!urn) {
          throw new ChannelFailure('LinkedIn accepted the post but named no x-restli-id', {
            kind: 'transient',
            ambiguous: true,
            context: { channel: channel.id },
          });
        }
        return toPublished(urn, new Date().toISOString());
      } catch (error) {
        if (
          error instanceof ChannelFailure &&
          error.context.status === 422 &&
          /DUPLICATE_POST/.test(error.message)
        ) {
          const earlier = await adapter.findPublished(request);
          if (earlier) return earlier;
        }
        throw error;
      }
    },

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      const query = new URLSearchParams({
        author: organization,
        q: 'author',
        count: '20',
        sortBy: 'CREATED',
      });
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/rest/posts?${query}`,
        headers: authHeaders(credentials),
        operation: 'lookup',
      }));
      const match = findOwnPost(
        (body as { elements?: { id: string; commentary?: string; createdAt?: number }[] }).elements ?? [],
        request,
        (post) => unescapeCommentary(post.commentary ?? ''),
        (post) => post.createdAt,
        request.content.text,
      );
      return match && toPublished(match.id, new Date(match.createdAt ?? Date.now()).toISOString());
    },

    async fetchMetrics(published: PublishedPost) {
      const kind = published.externalId.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
      const query = `q=organizationalEntity&organizationalEntity=${encodeURIComponent(organization)}&${kind}=List(${encodeURIComponent(published.externalId)})`;
      const { body } = await session.call((credentials) => ({
        method: 'GET',
        url: `${base}/rest/organizationalEntityShareStatistics?${query}`,
        headers: authHeaders(credentials),
        operation: 'metrics',
      }));
      const stats =
        (body as { elements?: { totalShareStatistics?: Record<string, number> }[] }).elements?.[0]
          ?.totalShareStatistics ?? {};
      return normalizedMetrics(
        {
          impressions: num(stats.impressionCount),
          reach: num(stats.uniqueImpressionsCount),
          clicks: num(stats.clickCount),
          likes: num(stats.likeCount),
          comments: num(stats.commentCount),
          shares: num(stats.shareCount),
        },
        stats,
      );
    },

    fetchFeedback: (published) => linkedInFeedback(feedbackRead, published),
    reply: (request) => linkedInReply(feedbackWrite, request, organization),
    findReply: (request) => linkedInFindReply(feedbackRead, request),
  };
  return adapter;
}
