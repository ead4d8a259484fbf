import type { CollectedFeedback } from '../../domain/feedback.js';
import type { PublishedPost, PublishRequest, ReplyRequest } from '../core/channel-adapter.js';
import type { ChannelCredentials } from '../core/credentials.js';
import type { PlatformRequest, PlatformResponse } from '../core/http.js';
import { findOwnPost } from '../core/own-post-lookup.js';
import {
  type FeedbackRead,
  graphFeedback,
  linkedInFeedback,
  mastodonFeedback,
  xFeedback,
} from './readers.js';

/*
 * Answering a feedback item on its platform. Each writer gets the adapter's own authenticated
 * POST (its session, its dialect, the guarded client), as the readers get its GET; the lookups
 * that tell whether an earlier attempt replied read the replies under the item with the same
 * readers collection uses.
 */

/** One authenticated POST of the adapter: a path under its API base, a JSON body, extra headers; the JSON answer. */
export type ReplyWrite = (
  path: string,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<unknown>;

/**
 * A {@link ReplyWrite} over a token session (functions/channels/kit.ts).
 *
 * @example
 * ```ts
 * reply: (request) => mastodonReply(sessionWrite(session, base, (c) => bearer(session.token(c))), request, base),
 * ```
 */
export function sessionWrite(
  session: { call(build: (credentials: ChannelCredentials) => PlatformRequest): Promise<PlatformResponse> },
  base: string,
  headers: (credentials: ChannelCredentials) => Record<string, string>,
): ReplyWrite {
  return async (path, body, extra = {}) =>
    (
      await session.call((credentials) => ({
        method: 'POST',
        url: `${base}${path}`,
        headers: { ...headers(credentials), ...extra },
        json: body,
        operation: 'reply',
      }))
    ).body;
}

/**
 * A {@link ReplyWrite} for Meta's Graph APIs: a form POST with the token as `access_token`, as
 * their other writes send it.
 *
 * @example
 * ```ts
 * reply: (request) => graphReply(graphWrite(session, base), request, 'Facebook'),
 * ```
 */
export function graphWrite(
  session: {
    call(build: (credentials: ChannelCredentials) => PlatformRequest): Promise<PlatformResponse>;
    token(credentials: ChannelCredentials): string;
  },
  base: string,
  operation = 'reply',
): ReplyWrite {
  return async (path, body) =>
    (
      await session.call((credentials) => ({
        method: 'POST',
        url: `${base}${path}`,
        form: {
          ...Object.fromEntries(Object.entries(body).map(([name, value]) => [name, String(value)])),
          access_token: session.token(credentials),
        },
        operation,
      }))
    ).body;
}

/**
 * The reply of `candidates` an earlier attempt of `request` published: written after its
 * intent, with its text; never by text alone.
 *
 * @example
 * ```ts
 * const earlier = replyAmong(await mastodonFeedback(read, parent, plainText), request, (id) => `${base}/statuses/${id}`);
 * ```
 */
export function replyAmong(
  candidates: CollectedFeedback[],
  request: ReplyRequest,
  urlOf: (id: string) => string,
): PublishedPost | undefined {
  const match = findOwnPost(
    candidates,
    {
      idempotencyKey: request.idempotencyKey,
      postId: '',
      content: { text: request.text },
      notBefore: request.notBefore,
    },
    (c) => c.text,
    (c) => c.createdAt,
  );
  return (
    match && { externalId: match.platformId, url: urlOf(match.platformId), publishedAt: match.createdAt }
  );
}

const parentOf = (id: string): PublishedPost => ({ externalId: id, url: '', publishedAt: '' });
const now = () => new Date().toISOString();

/**
 * Mastodon: a status `in_reply_to_id` the item, with the request's `Idempotency-Key`, so the
 * instance answers a repeat with the status it created.
 *
 * @example
 * ```ts
 * const sent = await mastodonReply(write, request, 'https://mastodon.example');
 * ```
 */
export async function mastodonReply(
  write: ReplyWrite,
  request: ReplyRequest,
  base: string,
): Promise<PublishedPost> {
  const status = (await write(
    '/api/v1/statuses',
    { status: request.text, in_reply_to_id: request.parentId, visibility: 'public' },
    { 'idempotency-key': request.idempotencyKey },
  )) as { id: string; url?: string; created_at?: string };
  return {
    externalId: status.id,
    url: status.url ?? `${base}/statuses/${status.id}`,
    publishedAt: status.created_at ?? now(),
  };
}

/**
 * Mastodon: the brand's reply among the item's descendants, past the instance's memory of the key.
 *
 * @example
 * ```ts
 * const earlier = await mastodonFindReply(read, request, plainText, base);
 * ```
 */
export async function mastodonFindReply(
  read: FeedbackRead,
  request: ReplyRequest,
  plainText: (html: string) => string,
  base: string,
): Promise<PublishedPost | undefined> {
  const replies = await mastodonFeedback(read, parentOf(request.parentId), plainText);
  return replyAmong(replies, request, (id) => `${base}/statuses/${id}`);
}

/**
 * X: a post with `reply.in_reply_to_tweet_id`. X takes no key: the adapter is keyless, and a
 * repeat only looks ({@link xFindReply}).
 *
 * @example
 * ```ts
 * const sent = await xReply(write, request);
 * ```
 */
export async function xReply(write: ReplyWrite, request: ReplyRequest): Promise<PublishedPost> {
  const body = (await write('/2/tweets', {
    text: request.text,
    reply: { in_reply_to_tweet_id: request.parentId },
  })) as { data: { id: string } };
  return { externalId: body.data.id, url: `https://x.com/i/web/status/${body.data.id}`, publishedAt: now() };
}

/**
 * X: the brand's reply in the post's conversation.
 *
 * @example
 * ```ts
 * const earlier = await xFindReply(read, request);
 * ```
 */
export async function xFindReply(
  read: FeedbackRead,
  request: ReplyRequest,
): Promise<PublishedPost | undefined> {
  const replies = await xFeedback(read, parentOf(request.postExternalId));
  return replyAmong(replies, request, (id) => `https://x.com/i/web/status/${id}`);
}

/** Meta's reply edges: a comment's comments on Facebook, a comment's replies on Instagram, a reply's replies on Threads. */
const graphEdge = { Facebook: 'comments', Instagram: 'replies', Threads: 'replies' } as const;

/**
 * Meta's Graph APIs: Facebook `/{comment-id}/comments` with `message`, Instagram
 * `/{ig-comment-id}/replies` with `message`; Threads a `reply_to_id` container, stored through
 * `onContainerCreated` and reused by a later attempt as a post's container is, then its
 * publish. None takes a key: the adapters are keyless, and a repeat only looks.
 *
 * @example
 * ```ts
 * const sent = await graphReply(write, request, 'Instagram', threadsUserId);
 * ```
 */
export async function graphReply(
  write: ReplyWrite,
  request: ReplyRequest,
  platform: 'Facebook' | 'Instagram' | 'Threads',
  userId = '',
): Promise<PublishedPost> {
  let id: string;
  if (platform === 'Threads') {
    // An earlier attempt's container is published, not made again: one container per reply.
    let containerId = request.containerId;
    if (!containerId) {
      containerId = (
        (await write(`/${userId}/threads`, {
          media_type: 'TEXT',
          text: request.text,
          reply_to_id: request.parentId,
        })) as { id: string }
      ).id;
      await request.onContainerCreated?.(containerId);
    }
    id = ((await write(`/${userId}/threads_publish`, { creation_id: containerId })) as { id: string }).id;
  } else {
    id = (
      (await write(`/${request.parentId}/${graphEdge[platform]}`, { message: request.text })) as {
        id: string;
      }
    ).id;
  }
  return { externalId: id, url: `https://www.${platform.toLowerCase()}.com/${id}`, publishedAt: now() };
}

/**
 * Meta's Graph APIs: the brand's reply under the item (the same edge the reply went to).
 *
 * @example
 * ```ts
 * const earlier = await graphFindReply(read, request, 'Facebook');
 * ```
 */
export async function graphFindReply(
  read: FeedbackRead,
  request: ReplyRequest,
  platform: 'Facebook' | 'Instagram' | 'Threads',
): Promise<PublishedPost | undefined> {
  // Instagram's `/replies` answers in the fields Threads' does.
  const replies = await graphFeedback(
    read,
    parentOf(request.parentId),
    platform === 'Facebook' ? 'Facebook' : 'Threads',
  );
  return replyAmong(replies, request, (id) => `https://www.${platform.toLowerCase()}.com/${id}`);
}

/** A Bluesky record by its at:// URI, in any repository, with its cid. */
export type BlueskyRecordRead = (
  uri: string,
) => Promise<{ uri: string; cid: string; value?: Record<string, unknown> }>;

/**
 * Bluesky: what the reply's record key and publication tag derive from, as a post's do; its
 * intent time stands for the scheduled time, so every attempt writes the same record.
 *
 * @example
 * ```ts
 * const earlier = await findTagged(blueskyReplyKey(request));
 * ```
 */
export function blueskyReplyKey(request: ReplyRequest): PublishRequest {
  return {
    idempotencyKey: request.idempotencyKey,
    postId: '',
    content: { text: request.text },
    scheduledAt: request.notBefore,
  };
}

/**
 * Bluesky: a post record with `reply: { root, parent }`, each a strong ref (`uri` and `cid`)
 * read at reply time. The parent's own `reply.root` is the thread's root; a parent without one
 * is the root. The record is written as posts are (`create`: a deterministic key and a
 * publication tag), so a repeat finds its record instead of writing a second.
 *
 * @example
 * ```ts
 * const sent = await blueskyReply(createTagged, readRef, request);
 * ```
 */
export async function blueskyReply(
  create: (key: PublishRequest, fields: Record<string, unknown>) => Promise<PublishedPost>,
  read: BlueskyRecordRead,
  request: ReplyRequest,
): Promise<PublishedPost> {
  const parent = await read(request.parentId);
  const parentRef = { uri: parent.uri, cid: parent.cid };
  const root = (parent.value?.reply as { root?: { uri?: unknown; cid?: unknown } } | undefined)?.root;
  const rootRef =
    typeof root?.uri === 'string' && typeof root.cid === 'string'
      ? { uri: root.uri, cid: root.cid }
      : parentRef;
  return create(blueskyReplyKey(request), {
    text: request.text,
    reply: { root: rootRef, parent: parentRef },
  });
}

const linkedInUrl = (postUrn: string) => `https://www.linkedin.com/feed/update/${postUrn}`;

/**
 * LinkedIn: a comment on the comment (`POST /rest/socialActions/{comment-urn}/comments` with
 * `parentComment`), as the organization, on the brand's post. LinkedIn takes no key: the
 * adapter is keyless, and a repeat only looks ({@link linkedInFindReply}).
 *
 * @example
 * ```ts
 * const sent = await linkedInReply(write, request, 'urn:li:organization:1');
 * ```
 */
export async function linkedInReply(
  write: ReplyWrite,
  request: ReplyRequest,
  organization: string,
): Promise<PublishedPost> {
  const comment = (await write(`/rest/socialActions/${encodeURIComponent(request.parentId)}/comments`, {
    actor: organization,
    object: request.postExternalId,
    parentComment: request.parentId,
    message: { text: request.text },
  })) as { $URN?: string; id?: string; created?: { time?: number } };
  const id = comment.$URN ?? comment.id ?? '';
  const created = comment.created?.time;
  return {
    externalId: id,
    url: linkedInUrl(request.postExternalId),
    publishedAt: created ? new Date(created).toISOString() : now(),
  };
}

/**
 * LinkedIn: the brand's comment among the comments on the item.
 *
 * @example
 * ```ts
 * const earlier = await linkedInFindReply(read, request);
 * ```
 */
export async function linkedInFindReply(
  read: FeedbackRead,
  request: ReplyRequest,
): Promise<PublishedPost | undefined> {
  const replies = await linkedInFeedback(read, parentOf(request.parentId));
  return replyAmong(replies, request, () => linkedInUrl(request.postExternalId));
}
