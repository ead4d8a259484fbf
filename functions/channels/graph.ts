import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import { followerCount } from '../domain/kpis.js';
import type { ChannelMetrics, NormalizedMetricName } from '../domain/metrics.js';
import type { ChannelContent } from '../domain/post.js';
import { assetsNamed } from './core/attachment.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishedPost,
  type PublishRequest,
} from './core/channel-adapter.js';
import { composeText, mediaKind, refuseInvalid, tooLong } from './core/content-checks.js';
import { callPlatform, type PlatformDialect } from './core/http.js';
import { findOwnPost } from './core/own-post-lookup.js';
import { graphHide } from './feedback/moderation.js';
import { graphFeedback } from './feedback/readers.js';
import { graphFindReply, graphReply, graphWrite } from './feedback/replies.js';
import {
  type ContainerCalls,
  containerStateFields,
  failedContainer,
  mediaContainerForm,
  readContainerState,
} from './media/graph-media.js';
import { normalizedMetrics } from './platform-metrics.js';
import { type AdapterDeps, oauthTokens, type TokenRefresher, tokenSession } from './platform-session.js';

interface GraphError {
  error?: { message?: string; code?: number; error_subcode?: number; is_transient?: boolean };
}
const code = (body: unknown) => (body as GraphError | undefined)?.error?.code;

/**
 * How Meta's Graph APIs (Facebook, Instagram, Threads) answer errors: `error.message`,
 * auth failures as code 190 (and 102), rate limits as codes 4, 17, 32, 613 and 80001-80014,
 * temporary failures as codes 1 and 2 or `is_transient`.
 *
 * @example
 * ```ts
 * const dialect = graphDialect('Facebook', 'fb');
 * ```
 */
export function graphDialect(platform: string, channel: string): PlatformDialect {
  return {
    platform,
    channel,
    errorMessage: (body) => (body as GraphError | undefined)?.error?.message,
    isAuthFailure: (_, body) => [190, 102].includes(code(body) ?? 0),
    isRateLimit: (_, body) => {
      const c = code(body) ?? 0;
      return [4, 17, 32, 613].includes(c) || (c >= 80001 && c <= 80014);
    },
    isTransient: (_, body) =>
      [1, 2].includes(code(body) ?? 0) || (body as GraphError)?.error?.is_transient === true,
  };
}

/** One insights answer (`data[].name` with `values[0].value` or `total_value.value`) as a name-to-number map. */
export function insightValues(body: unknown): Record<string, number> {
  const values: Record<string, number> = {};
  for (const entry of (body as { data?: Record<string, unknown>[] })?.data ?? []) {
    const total = (entry.total_value as { value?: unknown } | undefined)?.value;
    const first = (entry.values as { value?: unknown }[] | undefined)?.[0]?.value;
    const value = total ?? first;
    if (typeof value === 'number') values[String(entry.name)] = value;
    else if (value && typeof value === 'object') {
      values[String(entry.name)] = Object.values(value as Record<string, number>).reduce((a, b) => a + b, 0);
    }
  }
  return values;
}

/** Graph's answer to a metric name it no longer knows: HTTP 400 with error code 100. */
const isRefusedMetric = (error: unknown) =>
  error instanceof ChannelFailure &&
  error.kind === 'permanent' &&
  error.context.status === 400 &&
  !error.reconnect;

/**
 * The insights of one object as a name-to-number map, asked for in one call; when Graph
 * refuses the batch (a retired metric fails the whole request), each metric is asked for
 * alone and the refused ones are left out, so one retirement cannot blank the rest.
 *
 * @example
 * ```ts
 * const values = await readInsights((metric) => get(`${id}/insights`, { metric }, 'metrics').then((r) => r.body), ['views', 'reach']);
 * ```
 */
export async function readInsights(
  read: (metric: string) => Promise<unknown>,
  metricNames: readonly string[],
): Promise<Record<string, number>> {
  try {
    return insightValues(await read(metricNames.join(',')));
  } catch (error) {
    if (!isRefusedMetric(error) || metricNames.length === 1) throw error;
  }
  const values: Record<string, number> = {};
  for (const name of metricNames) {
    try {
      Object.assign(values, insightValues(await read(name)));
    } catch (error) {
      if (!isRefusedMetric(error)) throw error;
    }
  }
  return values;
}

/** What differs between Instagram and Threads in the container-then-publish flow. */
export interface ContainerPlatform {
  platform: 'Instagram' | 'Threads';
  defaultBase: string;
  /** Where the long-lived token is refreshed, relative to the host root. */
  refreshGrant: 'ig_refresh_token' | 'th_refresh_token';
  containerPath: 'media' | 'threads';
  publishPath: 'media_publish' | 'threads_publish';
  /** The caption field of the container and of the listed media. */
  textField: 'caption' | 'text';
  maxText: number;
  mediaRequired: boolean;
  metricNames: string;
  /** Where `followers_count` is read: the account's profile (Instagram) or its insights (Threads). */
  followersFrom: 'profile' | 'threads_insights';
  toMetrics(values: Record<string, number>): Partial<Record<NormalizedMetricName, number>>;
  container(content: ChannelContent, text: string): Record<string, string>;
}

/**
 * Instagram or Threads: a container is created, its id stored at once (`onContainerCreated`),
 * its status checked until `FINISHED`, then published. A retry checks the stored container
 * instead of creating another: still `IN_PROGRESS` is a `processing` failure (the workflow
 * waits and checks again), `ERROR` and `EXPIRED` are permanent, and `PUBLISHED` means an
 * earlier attempt published it, whose post is then found among the media created since the
 * intent with this text.
 *
 * @example
 * ```ts
 * const adapter = createContainerAdapter(instagramPlatform, channel, deps);
 * ```
 */
export function createContainerAdapter(
  spec: ContainerPlatform,
  channel: ChannelConfig,
  deps: AdapterDeps,
): ChannelAdapter {
  const base = (channel.settings?.baseUrl ?? spec.defaultBase).replace(/\/+$/, '');
  const root = base.replace(/\/v\d+\.\d+$/, '');
  const userId = channel.settings?.userId ?? '';
  const dialect = graphDialect(spec.platform, channel.id);
  const refresh: TokenRefresher = async (credentials) => {
    const query = new URLSearchParams({
      grant_type: spec.refreshGrant,
      access_token: session.token(credentials),
    });
    const { body } = await callPlatform(
      dialect,
      { method: 'GET', url: `${root}/refresh_access_token?${query}`, operation: 'token refresh' },
      deps.http,
    );
    return oauthTokens(body);
  };
  const session = tokenSession(channel, deps, dialect, refresh);
  const get = (path: string, params: Record<string, string>, operation: string) =>
    session.call((credentials) => ({
      method: 'GET',
      url: `${base}/${path}?${new URLSearchParams({ ...params, access_token: session.token(credentials) })}`,
      operation,
    }));
  const post = (path: string, form: Record<string, string>, operation: string) =>
    session.call((credentials) => ({
      method: 'POST',
      url: `${base}/${path}`,
      form: { ...form, access_token: session.token(credentials) },
      operation,
    }));
  const toPublished = (media: { id: string; permalink?: string; timestamp?: string }): PublishedPost => ({
    externalId: media.id,
    url: media.permalink ?? `${root}/${media.id}`,
    publishedAt: media.timestamp ? new Date(media.timestamp).toISOString() : new Date().toISOString(),
  });
  const calls: ContainerCalls = {
    platform: spec.platform,
    channel: channel.id,
    create: async (form) =>
      ((await post(`${userId}/${spec.containerPath}`, form, 'publish')).body as { id: string }).id,
    state: async (containerId) =>
      readContainerState(
        spec.platform,
        (await get(containerId, { fields: containerStateFields(spec.platform) }, 'lookup')).body,
      ),
  };
  /** The account's media created since the intent with this post's text: a published container's post. */
  const findOwnMedia = async (request: PublishRequest): Promise<PublishedPost | undefined> => {
    const { body } = await get(
      `${userId}/${spec.containerPath}`,
      { fields: `id,${spec.textField},permalink,timestamp`, limit: '25' },
      'lookup',
    );
    const match = findOwnPost(
      (body as { data?: Record<string, string>[] }).data ?? [],
      request,
      (media) => media[spec.textField] ?? '',
      (media) => media.timestamp,
    );
    return match?.id ? toPublished({ ...match, id: match.id }) : undefined;
  };
  const describe = async (id: string): Promise<PublishedPost> => {
    const { body } = await get(id, { fields: 'id,permalink,timestamp' }, 'lookup');
    return toPublished(body as { id: string; permalink?: string; timestamp?: string });
  };

  const adapter: ChannelAdapter = {
    async fetchFollowers() {
      if (spec.followersFrom === 'profile') {
        const { body } = await get(userId, { fields: 'followers_count' }, 'followers');
        return followerCount((body as { followers_count?: unknown }).followers_count);
      }
      const { body } = await get(`${userId}/threads_insights`, { metric: 'followers_count' }, 'followers');
      const data = (body as { data?: { name?: string; total_value?: { value?: unknown } }[] }).data ?? [];
      return followerCount(data.find((d) => d.name === 'followers_count')?.total_value?.value);
    },
    validate(content: ChannelContent): InputProblem[] {
      const text = composeText(content);
      const problems = tooLong(spec.platform, spec.maxText, [...text].length);
      const media = content.mediaUrls ?? [];
      const assets = content.assets ?? [];
      if (spec.mediaRequired && media.length === 0 && assets.length === 0) {
        problems.push({
          field: 'mediaUrls',
          rule: 'required',
          message: `${spec.platform} posts need one image or video`,
        });
      }
      if (media.length > 1) {
        problems.push({
          field: 'mediaUrls',
          rule: 'max-items',
          message: `Brandflow publishes one linked medium per ${spec.platform} post; several go in assets`,
        });
      }
      if (media.length > 0 && assets.length > 0) {
        problems.push({
          field: 'mediaUrls',
          rule: 'media-by-reference',
          message: `a ${spec.platform} post takes its media from assets or from mediaUrls, not both`,
        });
      }
      for (const [index, url] of media.entries()) {
        if (mediaKind(url) === 'unknown') {
          problems.push({
            field: `mediaUrls.${index}`,
            rule: 'media-type',
            message:
              'must end in an image (.jpg .jpeg .png .gif .webp .heic) or video (.mp4 .mov .m4v .webm) extension',
          });
        }
      }
      if (spec.platform === 'Instagram' && (text.match(/#\w+/g) ?? []).length > 30) {
        problems.push({ field: 'text', rule: 'max-hashtags', message: 'Instagram allows 30 hashtags' });
      }
      return problems;
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      let containerId = request.containerId;
      let state = containerId ? await calls.state(containerId) : undefined;
      // An expired container was never published (a retry a day later): a new one is safe.
      if (!containerId || state?.code === 'EXPIRED') {
        const text = composeText(request.content);
        const form = request.media?.length
          ? await mediaContainerForm(calls, request, { [spec.textField]: text })
          : spec.container(request.content, text);
        containerId = await calls.create(form);
        await request.onContainerCreated?.(containerId);
        state = await calls.state(containerId);
      }
      const status = state?.code;
      if (status === 'PUBLISHED') {
        // An earlier attempt published this container and its answer was lost.
        const earlier = await findOwnMedia(request);
        if (earlier) return earlier;
        throw new ChannelFailure(`${spec.platform} published the container but does not list the post yet`, {
          kind: 'transient',
          ambiguous: true,
          context: { channel: channel.id, containerId },
        });
      }
      if (status === 'ERROR' || status === 'EXPIRED') {
        throw failedContainer(calls, assetsNamed(request.media), containerId, state ?? {});
      }
      if (status !== 'FINISHED') {
        throw new ChannelFailure(
          `${spec.platform} is still processing the media (${status ?? 'no status'})`,
          {
            kind: 'processing',
            context: { channel: channel.id, containerId },
          },
        );
      }
      const published = await post(`${userId}/${spec.publishPath}`, { creation_id: containerId }, 'publish');
      return describe((published.body as { id: string }).id);
    },

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      // Only the attempt holding a container can have published: no container, no post.
      if (!request.containerId) return undefined;
      if ((await calls.state(request.containerId)).code !== 'PUBLISHED') return undefined;
      return findOwnMedia(request);
    },

    async fetchMetrics(published: PublishedPost): Promise<ChannelMetrics> {
      const values = await readInsights(
        async (metric) => (await get(`${published.externalId}/insights`, { metric }, 'metrics')).body,
        spec.metricNames.split(','),
      );
      return normalizedMetrics(spec.toMetrics(values), values);
    },

    fetchFeedback: (published) =>
      graphFeedback(
        async (path, params) => (await get(path, params, 'feedback')).body,
        published,
        spec.platform,
      ),
    // Instagram lets the account hide comments on its media; Threads replies are not hidden here.
    ...(spec.platform === 'Instagram'
      ? {
          hideFeedback: (platformId: string) =>
            graphHide(graphWrite(session, base, 'moderation'), platformId, 'Instagram'),
        }
      : {}),
    reply: (request) => graphReply(graphWrite(session, base), request, spec.platform, userId),
    findReply: (request) =>
      graphFindReply(
        async (path, params) => (await get(path, params, 'lookup')).body,
        request,
        spec.platform,
      ),
  };
  return adapter;
}
