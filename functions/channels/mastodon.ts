import type { ChannelConfig } from '../domain/brand.js';
import type { InputProblem } from '../domain/errors.js';
import type { ChannelContent } from '../domain/post.js';
import type { ChannelAdapter, PublishedPost, PublishRequest } from './channel-adapter.js';
import type { PlatformDialect } from './http.js';
import {
  type AdapterDeps,
  bearer,
  comparableText,
  composeText,
  graphemeLength,
  mediaLinksRefused,
  normalizedMetrics,
  num,
  refuseInvalid,
  requireCredential,
  tokenSession,
  trimBase,
  urlsIn,
} from './kit.js';

/** Mastodon's default limit; an instance may allow more (the brand's maxLength says so). */
export const MASTODON_MAX_CHARACTERS = 500;
/** Mastodon counts every link as 23 characters, whatever its length. */
const LINK_WEIGHT = 23;

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
    errorMessage: (body) => (body as { error?: string } | undefined)?.error,
  };
  const session = tokenSession(channel, deps, dialect);
  const token = async () => requireCredential(await session.credentials(), 'accessToken', session.account);
  const limit = Math.max(channel.maxLength, MASTODON_MAX_CHARACTERS);
  const toPublished = (status: MastodonStatus): PublishedPost => ({
    externalId: status.id,
    url: status.url ?? status.uri ?? `${base}/statuses/${status.id}`,
    publishedAt: status.created_at ?? new Date().toISOString(),
  });

  const adapter: ChannelAdapter = {
    validate(content: ChannelContent): InputProblem[] {
      const problems: InputProblem[] = [];
      const text = composeText(content);
      const links = urlsIn(text);
      const length =
        graphemeLength(links.reduce((rest, link) => rest.replace(link, ''), text)) +
        links.length * LINK_WEIGHT;
      if (length > limit) {
        problems.push({
          field: 'text',
          rule: 'max-length',
          message: `Mastodon allows ${limit} characters (links count 23); this post has ${length}`,
        });
      }
      if (length === 0) problems.push({ field: 'text', rule: 'required', message: 'Mastodon needs text' });
      problems.push(
        ...mediaLinksRefused(
          content,
          'Mastodon takes media as uploads, not as links: remove mediaUrls or put the link in the text',
        ),
      );
      return problems;
    },

    async publish(request: PublishRequest): Promise<PublishedPost> {
      refuseInvalid(channel.id, adapter.validate?.(request.content) ?? []);
      const accessToken = await token();
      const { body } = await session.call(() => ({
        method: 'POST',
        url: `${base}/api/v1/statuses`,
        headers: { ...bearer(accessToken), 'idempotency-key': request.idempotencyKey },
        json: { status: composeText(request.content), visibility: 'public' },
        operation: 'publish',
      }));
      return toPublished(body as MastodonStatus);
    },

    async findPublished(request: PublishRequest): Promise<PublishedPost | undefined> {
      const accessToken = await token();
      const me = await session.call(() => ({
        method: 'GET',
        url: `${base}/api/v1/accounts/verify_credentials`,
        headers: bearer(accessToken),
        operation: 'lookup',
      }));
      const accountId = (me.body as { id: string }).id;
      const { body } = await session.call(() => ({
        method: 'GET',
        url: `${base}/api/v1/accounts/${encodeURIComponent(accountId)}/statuses?limit=40&exclude_replies=true&exclude_reblogs=true`,
        headers: bearer(accessToken),
        operation: 'lookup',
      }));
      const wanted = comparableText(composeText(request.content));
      const match = (body as MastodonStatus[]).find(
        (status) => comparableText(plainText(status.content ?? '')) === wanted,
      );
      return match && toPublished(match);
    },

    async fetchMetrics(published: PublishedPost) {
      const accessToken = await token();
      const { body } = await session.call(() => ({
        method: 'GET',
        url: `${base}/api/v1/statuses/${encodeURIComponent(published.externalId)}`,
        headers: bearer(accessToken),
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
  };
  return adapter;
}

/** Mastodon returns statuses as HTML: paragraphs and line breaks become new lines, tags go. */
function plainText(html: string): string {
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
