import type { CollectedFeedback } from '../../domain/feedback.js';
import type { PublishedPost } from '../channel-adapter.js';
import type { ChannelCredentials } from '../credentials.js';
import type { PlatformRequest, PlatformResponse } from '../http.js';

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
 * `conversation_id:<id>`), the post itself left out.
 *
 * @example
 * ```ts
 * const replies = await xFeedback(read, published);
 * ```
 */
export async function xFeedback(read: FeedbackRead, published: PublishedPost): Promise<CollectedFeedback[]> {
  const body = (await read('/2/tweets/search/recent', {
    query: `conversation_id:${published.externalId}`,
    'tweet.fields': 'created_at,author_id,conversation_id',
    max_results: '100',
  })) as { data?: { id: string; text?: string; created_at?: string; author_id?: string }[] };
  return (body.data ?? [])
    .filter((tweet) => tweet.id !== published.externalId)
    .map((tweet) => ({
      platformId: tweet.id,
      createdAt: iso(tweet.created_at),
      text: str(tweet.text),
      author: tweet.author_id,
    }));
}

/**
 * LinkedIn: the comments on the post (`GET /rest/socialActions/{urn}/comments`).
 *
 * @example
 * ```ts
 * const comments = await linkedInFeedback(read, published);
 * ```
 */
export async function linkedInFeedback(
  read: FeedbackRead,
  published: PublishedPost,
): Promise<CollectedFeedback[]> {
  const body = (await read(`/rest/socialActions/${encodeURIComponent(published.externalId)}/comments`, {
    count: '100',
  })) as {
    elements?: {
      $URN?: string;
      id?: string;
      actor?: string;
      message?: { text?: string };
      created?: { time?: number };
    }[];
  };
  return (body.elements ?? []).flatMap((comment) => {
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
 * (`/{id}/replies`).
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
): Promise<CollectedFeedback[]> {
  const edge = platform === 'Threads' ? 'replies' : 'comments';
  const fields = platform === 'Facebook' ? 'id,message,created_time,from' : 'id,text,timestamp,username';
  const body = (await read(`${published.externalId}/${edge}`, { fields, limit: '100' })) as {
    data?: {
      id: string;
      message?: string;
      text?: string;
      created_time?: string;
      timestamp?: string;
      from?: { id?: string };
      username?: string;
    }[];
  };
  return (body.data ?? []).map((item) => ({
    platformId: item.id,
    createdAt: iso(item.created_time ?? item.timestamp),
    text: str(item.message ?? item.text),
    author: item.from?.id ?? item.username,
  }));
}
