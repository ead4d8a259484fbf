import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import { followerCount } from '../domain/kpis.js';
import type { ChannelContent } from '../domain/post.js';
import type { ChannelAdapter, PublishedPost, PublishRequest } from './core/channel-adapter.js';
import { mediaKind, refuseInvalid, tooLong } from './core/content-checks.js';
import { findOwnPost, lookupStart } from './core/own-post-lookup.js';
import { graphHide } from './feedback/moderation.js';
import { graphFeedback } from './feedback/readers.js';
import { graphFindReply, graphReply, graphWrite } from './feedback/replies.js';
import { graphDialect, readInsights } from './graph.js';
import { type FacebookMediaCalls, publishFacebookMedia } from './media/facebook-media.js';
import { normalizedMetrics, num } from './platform-metrics.js';
import { type AdapterDeps, tokenSession, trimBase } from './platform-session.js';

export const FACEBOOK_MAX_CHARACTERS = 63_206;

/** The post insights read, by their names since Meta's 2025 retirements. */
export const facebookInsightMetrics = [
  'post_media_view',
  'post_total_media_view_unique',
  'post_clicks',
  'post_reactions_by_type_total',
  'post_video_views',
];

/**
 * Facebook Pages with a Page token: text and link on `/{page-id}/feed`, one image by URL on
 * `/photos`, one video by URL on `/videos`. No idempotency key: after an ambiguous failure
 * the page's posts created since the intent was recorded are searched for this text first.
 *
 * @example
 * ```ts
 * const adapter = createFacebookAdapter({ id: 'fb', adapter: 'facebook', account: 'acme-fb', maxLength: 5000, settings: { pageId: '1234' } }, deps);
 * ```
 */
export function createFacebookAdapter(channel: ChannelConfig, deps: AdapterDeps): ChannelAdapter {
  const base = trimBase(channel.settings?.baseUrl ?? 'https://graph.facebook.com/v23.0');
  const pageId = channel.settings?.pageId ?? '';
  const session = tokenSession(channel, deps, graphDialect('Facebook', channel.id));
  const get = (path: string, params: Record<string, string>, operation: string) =>
    session.call((credentials) => ({
      method: 'GET',
      url: `${base}/${path}?${new URLSearchParams({ ...params, access_token: session.token(credentials) })}`,
      operation,
    }));
  const toPublished = (post: {
    id: string;
    permalink_url?: string;
    created_time?: string;
  }): PublishedPost => ({
    externalId: post.id,
    url: post.permalink_url ?? `https://www.facebook.com/${post.id}`,
    publishedAt: post.created_time ? new Date(post.created_time).toISOString() : new Date().toISOString(),
  });

  const mediaCalls: FacebookMediaCalls = {
    channel: channel.id,
    post: async (edge, form) =>
      (
        await session.call((credentials) => ({
          method: 'POST',
          url: `${base}/${pageId}/${edge}`,
          form: { ...form, access_token: session.token(credentials) },
          operation: 'publish',
        }))
      ).body,
    read: async (id, fields) => (await get(id, { fields }, 'lookup')).body,
  };

  const adapter: ChannelAdapter = {
    keyless: true,
    validate(content: ChannelContent): InputProblem[] {
      const problems = tooLong('Facebook', FACEBOOK_MAX_CHARACTERS, content.text.length);
      const media = content.mediaUrls ?? [];
      if (media.length > 1) {
        problems.push({
          field: 'mediaUrls',
          rule: 'max-items',
          message: 'Brandflow publishes one medium per Facebook post',
        });
      }
      if (media.length === 1 && mediaKind(media[0] as string) === 'unknown') {
        problems.push({
          field: 'mediaUrls.0',
          rule: 'media-type',
          message: 'must be an image or video URL by its extension',
        });
      }
      if (media.length > 0 && content.assets?.length) {
        problems.push({
          field: 'mediaUrls',
          rule: 'media-by-reference',
          message: 'a Facebook post takes its media from assets or from mediaUrls, not both',
        });
      }
      if ((media.length === 1 || content.assets?.length) && content.link) {
        problems.push({
          field: 'link',
          rule: 'link-with-media',
          message: 'a Facebook photo or video post cannot carry a link preview: put the link in the text',
        });
      }
      return problems;
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      if (request.media?.length) {
        const id = await publishFacebookMedia(mediaCalls, request, request.content.text);
        return {
          externalId: id,
          url: `https://www.facebook.com/${id}`,
          publishedAt: new Date().toISOString(),
        };
      }
      const { text, link, mediaUrls } = request.content;
      const medium = mediaUrls?.[0];
      const [path, form]: [string, Record<string, string>] = !medium
        ? ['feed', { message: text, ...(link ? { link } : {}) }]
        : mediaKind(medium) === 'video'
          ? ['videos', { file_url: medium, description: text }]
          : ['photos', { url: medium, caption: text }];
      const { body } = await session.call((credentials) => ({
        method: 'POST',
        url: `${base}/${pageId}/${path}`,
        form: { ...form, access_token: session.token(credentials) },
        operation: 'publish',
      }));
      const answer = body as { id: string; post_id?: string };
      const id = answer.post_id ?? answer.id;
      return { externalId: id, url: `https://www.facebook.com/${id}`, publishedAt: new Date().toISOString() };
    },

    async fetchFollowers() {
      const { body } = await get(pageId, { fields: 'followers_count' }, 'followers');
      return followerCount((body as { followers_count?: unknown }).followers_count);
    },

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      const since = lookupStart(request);
      if (!since) return undefined;
      // Only posts created since the intent: the same text posted last week is another post.
      const { body } = await get(
        `${pageId}/published_posts`,
        {
          fields: 'id,message,created_time,permalink_url',
          limit: '25',
          since: String(Date.parse(since) / 1000),
        },
        'lookup',
      );
      const match = findOwnPost(
        (body as { data?: { id: string; message?: string; created_time?: string }[] }).data ?? [],
        request,
        (post) => post.message ?? '',
        (post) => post.created_time,
        request.content.text,
      );
      return match && toPublished(match);
    },

    async fetchMetrics(published: PublishedPost) {
      // Views replaced impressions on 2025-11-15 and the total media view count replaced
      // unique impressions on 2025-06-15 (docs/kpis.md).
      const values = await readInsights(
        async (metric) => (await get(`${published.externalId}/insights`, { metric }, 'metrics')).body,
        facebookInsightMetrics,
      );
      const counts = await get(
        published.externalId,
        { fields: 'comments.summary(true).limit(0),shares' },
        'metrics',
      );
      const post = counts.body as {
        comments?: { summary?: { total_count?: number } };
        shares?: { count?: number };
      };
      return normalizedMetrics(
        {
          impressions: values.post_media_view,
          reach: values.post_total_media_view_unique,
          clicks: values.post_clicks,
          likes: values.post_reactions_by_type_total,
          comments: num(post.comments?.summary?.total_count),
          shares: num(post.shares?.count) ?? 0,
          videoViews: values.post_video_views,
        },
        { insights: values, comments: post.comments?.summary?.total_count, shares: post.shares?.count },
      );
    },

    fetchFeedback: (published) =>
      graphFeedback(
        async (path, params) => (await get(path, params, 'feedback')).body,
        published,
        'Facebook',
      ),
    hideFeedback: (platformId) => graphHide(graphWrite(session, base, 'moderation'), platformId, 'Facebook'),
    reply: (request) => graphReply(graphWrite(session, base), request, 'Facebook'),
    findReply: (request) =>
      graphFindReply(async (path, params) => (await get(path, params, 'lookup')).body, request, 'Facebook'),
  };
  return adapter;
}
