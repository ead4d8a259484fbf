import type { ChannelAdapterName } from './channel-settings.js';
import type { NormalizedMetricName } from './metrics.js';
import { normalizedMetricNames } from './metrics.js';

/** Where one normalized metric comes from on one platform, or why it is not available. */
export type MetricSource = { from: string; since?: string; note?: string } | { notAvailable: string };

/**
 * Per platform, the platform's field behind each normalized metric, with the dates a
 * platform changed it. docs/kpis.md shows this table (a test keeps them equal).
 */
export const kpiDictionary: Record<ChannelAdapterName, Record<NormalizedMetricName, MetricSource>> = {
  x: {
    impressions: { from: 'public_metrics.impression_count' },
    reach: { notAvailable: 'not in public metrics' },
    likes: { from: 'like_count' },
    comments: { from: 'reply_count' },
    shares: { from: 'retweet_count + quote_count' },
    saves: { from: 'bookmark_count' },
    clicks: { notAvailable: 'non-public metric, user context, posts under 30 days only' },
    videoViews: { notAvailable: 'not in public metrics' },
  },
  bluesky: {
    impressions: { notAvailable: 'Bluesky counts no impressions' },
    reach: { notAvailable: 'Bluesky counts no reach' },
    likes: { from: 'likeCount' },
    comments: { from: 'replyCount' },
    shares: { from: 'repostCount + quoteCount' },
    saves: { notAvailable: 'not exposed' },
    clicks: { notAvailable: 'not exposed' },
    videoViews: { notAvailable: 'not exposed' },
  },
  mastodon: {
    impressions: { notAvailable: 'Mastodon counts no impressions' },
    reach: { notAvailable: 'Mastodon counts no reach' },
    likes: { from: 'favourites_count' },
    comments: { from: 'replies_count' },
    shares: { from: 'reblogs_count' },
    saves: { notAvailable: 'bookmarks are private' },
    clicks: { notAvailable: 'not exposed' },
    videoViews: { notAvailable: 'not exposed' },
  },
  linkedin: {
    impressions: { from: 'impressionCount', note: 'organic only' },
    reach: { from: 'uniqueImpressionsCount', note: 'organic only' },
    likes: { from: 'likeCount' },
    comments: { from: 'commentCount' },
    shares: { from: 'shareCount' },
    saves: { notAvailable: 'not in share statistics' },
    clicks: { from: 'clickCount', note: 'organic only' },
    videoViews: { notAvailable: 'not in share statistics' },
  },
  facebook: {
    impressions: { from: 'post_media_view (views; post_impressions retired)', since: '2025-11-15' },
    reach: {
      from: 'post_total_media_view_unique (post_impressions_unique retired)',
      since: '2025-06-15',
    },
    likes: { from: 'post_reactions_by_type_total (all reactions)' },
    comments: { from: 'comments.summary.total_count' },
    shares: { from: 'shares.count' },
    saves: { notAvailable: 'not exposed for Pages' },
    clicks: { from: 'post_clicks' },
    videoViews: { from: 'post_video_views' },
  },
  instagram: {
    impressions: { from: 'views (impressions and plays retired)', since: '2025-04-21' },
    reach: { from: 'reach' },
    likes: { from: 'likes' },
    comments: { from: 'comments' },
    shares: { from: 'shares' },
    saves: { from: 'saved' },
    clicks: { notAvailable: 'not in media insights' },
    videoViews: { notAvailable: 'views covers every media type since 2025-04-21' },
  },
  threads: {
    impressions: { from: 'views' },
    reach: { notAvailable: 'not in media insights' },
    likes: { from: 'likes' },
    comments: { from: 'replies' },
    shares: { from: 'reposts + quotes + shares' },
    saves: { notAvailable: 'not in media insights' },
    clicks: { notAvailable: 'not in media insights' },
    videoViews: { notAvailable: 'views covers every media type' },
  },
  webhook: Object.fromEntries(
    normalizedMetricNames.map((name) => [name, { notAvailable: 'a webhook reports no metrics' }]),
  ) as Record<NormalizedMetricName, MetricSource>,
  sandbox: Object.fromEntries(
    normalizedMetricNames.map((name) =>
      ['impressions', 'likes', 'comments', 'shares', 'clicks'].includes(name)
        ? [name, { from: 'simulated' }]
        : [name, { notAvailable: 'the sandbox simulates none' }],
    ),
  ) as Record<NormalizedMetricName, MetricSource>,
};

/**
 * The dictionary as a Markdown table, one row per platform and one column per metric.
 *
 * @example
 * ```ts
 * kpiDictionaryMarkdown().startsWith('| Platform'); // true
 * ```
 */
export function kpiDictionaryMarkdown(): string {
  const cell = (source: MetricSource) =>
    'notAvailable' in source
      ? `not available (${source.notAvailable})`
      : `${source.from}${source.since ? `, since ${source.since}` : ''}${source.note ? `; ${source.note}` : ''}`;
  const header = `| Platform | ${normalizedMetricNames.join(' | ')} |`;
  const rule = `| ${['Platform', ...normalizedMetricNames].map(() => '---').join(' | ')} |`;
  const rows = Object.entries(kpiDictionary).map(
    ([platform, sources]) =>
      `| ${platform} | ${normalizedMetricNames.map((name) => cell(sources[name])).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
