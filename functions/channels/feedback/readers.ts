import { type CollectedFeedback, FEEDBACK_PAGES_PER_ROUND } from '../../domain/feedback.js';
import type { PublishedPost } from '../core/channel-adapter.js';
import type { ChannelCredentials } from '../core/credentials.js';
import type { PlatformRequest, PlatformResponse } from '../core/http.js';

/*
 * Reading what people replied under a published post, per platform. Each reader gets the
 * adapter's own authenticated GET (its session, its dialect, the guarded client), so
 * collection fails, refreshes tokens and waits out rate limits exactly as publishing does.
 */

/** One authenticated GET of the adapter: a path under its API base and query parameters; the JSON body. */
export type FeedbackRead = (path: string, params: Record<string, string>) => Promise<unknown>;

/**
 * A {@link FeedbackRead} over a token session (functions/channels/platform-session.ts): `base` + path, the
 * headers the platform wants on every call.
 *
 * @example
 * ```ts
 * fetchFeedback: (published) => xFeedback(sessionRead(session, base, (c) => bearer(session.token(c))), published),
 * ```
 */
export function sessionRead(
  session: { call(build: (credentials: ChannelCredentials) => PlatformRequest): Promise<PlatformResponse> },
  base: string,
  headers: (credentials: ChannelCredentials) => Record<string, string>,
): FeedbackRead {
  return async (path, params) =>
    (
      await session.call((credentials) => ({
        method: 'GET',
        url: `${base}${path}?${new URLSearchParams(params)}`,
        headers: headers(credentials),
        operation: 'feedback',
      }))
    ).body;
}

/** One page of a listing: its items and the cursor of the next page, if the platform gave one. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/**
 * Follows a platform's cursor from the first page, up to `cap` pages; stops early when the
 * platform gives no cursor, an empty page, or a cursor it gave before (a loop).
 *
 * @example
 * ```ts
 * const tweets = await allPages(async (cursor) => ({ items: [], next: undefined }), 10);
 * ```
 */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  cap = FEEDBACK_PAGES_PER_ROUND,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let read = 0; read < cap; read++) {
    const current = await page(cursor);
    items.push(...current.items);
    if (!current.next || current.items.length === 0 || seen.has(current.next)) break;
    seen.add(current.next);
    cursor = current.next;
  }
  return items;
}

const iso = (value: unknown): string => {
  const ms = typeof value === 'number' ? value : Date.parse(String(value ?? ''));
  return Number.isNaN(ms) ? new Date().toISOString() : new Date(ms).toISOString();
};
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Mastodon: the status's descendants (`GET /api/v1/statuses/:id/context`), the whole reply tree.
 *
 * @example
 * ```ts
 * const replies = await mastodonFeedback(read, published, plainText);
 * ```
 */
export async function mastodonFeedback(
  read: FeedbackRead,
  published: PublishedPost,
  plainText: (html: string) => string,
): Promise<CollectedFeedback[]> {
  const body = (await read(`/api/v1/statuses/${encodeURIComponent(published.externalId)}/context`, {})) as {
    descendants?: { id: string; created_at?: string; content?: string; account?: { acct?: string } }[];
  };
  return (body.descendants ?? []).map((status) => ({
    platformId: status.id,
    createdAt: iso(status.created_at),
    text: plainText(status.content ?? ''),
    author: status.account?.acct,
  }));
}

interface BlueskyThreadNode {
  post?: {
    uri?: string;
    author?: { did?: string; handle?: string };
    record?: { text?: string; createdAt?: string };
  };
  replies?: BlueskyThreadNode[];
}

/**
 * Bluesky: the post's thread (`app.bsky.feed.getPostThread`), every reply at any depth.
 *
 * @example
 * ```ts
 * const replies = await blueskyFeedback(read, published);
 * ```
 */
export async function blueskyFeedback(
  read: FeedbackRead,
  published: PublishedPost,
): Promise<CollectedFeedback[]> {
  const body = (await read('app.bsky.feed.getPostThread', {
    uri: published.externalId,
    depth: '20',
    parentHeight: '0',
  })) as { thread?: BlueskyThreadNode };
  const found: CollectedFeedback[] = [];
  const walk = (nodes: BlueskyThreadNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.post?.uri) {
        found.push({
          platformId: node.post.uri,
          createdAt: iso(node.post.record?.createdAt),
          text: str(node.post.record?.text),
          author: node.post.author?.did ?? node.post.author?.handle,
        });
      }
      walk(node.replies);
    }
  };
  walk(body.thread?.replies);
  return found;
}

/**
 * X: recent posts of the post's conversation (`GET /2/tweets/search/recent`,
 * `conversation_id:<id>`), the post itself left out; `meta.next_token` followed up to `cap` pages.
 *
 * @example
 * ```ts
 * const replies = await xFeedback(read, published);
 * ```
 */
export async function xFeedback(
  read: FeedbackRead,
  published: PublishedPost,
  cap = FEEDBACK_PAGES_PER_ROUND,
): Promise<CollectedFeedback[]> {
  type Tweet = { id: string; text?: string; created_at?: string; author_id?: string };
  const tweets = await allPages<Tweet>(async (cursor) => {
    const body = (await read('/2/tweets/search/recent', {
      query: `conversation_id:${published.externalId}`,
      'tweet.fields': 'created_at,author_id,conversation_id',
      max_results: '100',
      ...(cursor ? { next_token: cursor } : {}),
    })) as { data?: Tweet[]; meta?: { next_token?: string } };
    return { items: body.data ?? [], next: body.meta?.next_token };
  }, cap);
  return tweets
    .filter((tweet) => tweet.id !== published.externalId)
    .map((tweet) => ({
      platformId: tweet.id,
      createdAt: iso(tweet.created_at),
      text: str(tweet.text),
      author: tweet.author_id,
    }));
}

/**
 * LinkedIn: the comments on the post (`GET /rest/socialActions/{urn}/comments`), page after page
 * by `start` and `count` while `paging.total` says more remain, up to `cap` pages.
 *
 * @example
 * ```ts
 * const comments = await linkedInFeedback(read, published);
 * ```
 */
export async function linkedInFeedback(
  read: FeedbackRead,
  published: PublishedPost,
  cap = FEEDBACK_PAGES_PER_ROUND,
): Promise<CollectedFeedback[]> {
  type Comment = {
    $URN?: string;
    id?: string;
    actor?: string;
    message?: { text?: string };
    created?: { time?: number };
  };
  const comments = await allPages<Comment>(async (cursor) => {
    const start = Number(cursor ?? 0);
    const body = (await read(`/rest/socialActions/${encodeURIComponent(published.externalId)}/comments`, {
      start: String(start),
      count: '100',
    })) as { elements?: Comment[]; paging?: { total?: number } };
    const items = body.elements ?? [];
    // The next page starts after what this one held; `total` says whether there is one.
    const next = start + items.length;
    return { items, next: next < (body.paging?.total ?? 0) ? String(next) : undefined };
  }, cap);
  return comments.flatMap((comment) => {
    const platformId = comment.$URN ?? comment.id;
    return platformId
      ? [
          {
            platformId,
            createdAt: iso(comment.created?.time),
            text: str(comment.message?.text),
            author: comment.actor,
          },
        ]
      : [];
  });
}

/**
 * Meta's Graph APIs: Facebook and Instagram comments (`/{id}/comments`), Threads replies
 * (`/{id}/replies`), following `paging.cursors.after` while `paging.next` says another page
 * exists, up to `cap` pages.
 *
 * @example
 * ```ts
 * const comments = await graphFeedback(read, published, 'Instagram');
 * ```
 */
export async function graphFeedback(
  read: FeedbackRead,
  published: PublishedPost,
  platform: 'Facebook' | 'Instagram' | 'Threads',
  cap = FEEDBACK_PAGES_PER_ROUND,
): Promise<CollectedFeedback[]> {
  const edge = platform === 'Threads' ? 'replies' : 'comments';
  const fields = platform === 'Facebook' ? 'id,message,created_time,from' : 'id,text,timestamp,username';
  type Item = {
    id: string;
    message?: string;
    text?: string;
    created_time?: string;
    timestamp?: string;
    from?: { id?: string };
    username?: string;
  };
  const items = await allPages<Item>(async (cursor) => {
    const body = (await read(`${published.externalId}/${edge}`, {
      fields,
      limit: '100',
      ...(cursor ? { after: cursor } : {}),
    })) as { data?: Item[]; paging?: { cursors?: { after?: string }; next?: string } };
    // Graph gives an `after` cursor on every page; only `paging.next` says another page exists.
    return { items: body.data ?? [], next: body.paging?.next ? body.paging.cursors?.after : undefined };
  }, cap);
  return items.map((item) => ({
    platformId: item.id,
    createdAt: iso(item.created_time ?? item.timestamp),
    text: str(item.message ?? item.text),
    author: item.from?.id ?? item.username,
  }));
}
