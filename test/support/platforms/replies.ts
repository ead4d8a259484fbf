import { bearerGuard, type Guard, nextId, readRoute, startFakePlatform } from './fake-platform.js';
import { mastodonContextRoute, mastodonStatusRoute } from './mastodon-routes.js';

/** The token every route of the fake reply server takes. */
export const REPLY_TOKEN = 'reply-token';

/** A reply the fake holds: under which item, with what text, when. */
export interface HeldReply {
  id: string;
  parentId: string;
  text: string;
  createdAt: string;
}

/** The replies a fake holds, and how one is kept under the item it answers. */
function replyStore() {
  const held: HeldReply[] = [];
  const keep = (parentId: string, text: string): HeldReply => {
    const reply = { id: nextId(), parentId, text, createdAt: new Date().toISOString() };
    held.push(reply);
    return reply;
  };
  return { held, keep };
}

/** A held reply as LinkedIn shows a comment: its URN, its text, when. */
const linkedInComment = (reply: HeldReply, object: string) => ({
  $URN: `urn:li:comment:(${object},${reply.id})`,
  id: reply.id,
  message: { text: reply.text },
  created: { time: Date.parse(reply.createdAt) },
});

/**
 * Replying as Mastodon, X and LinkedIn answer it, from one server: a reply posted is kept under
 * the item it answers and shows in the item's context (Mastodon), the conversation search (X)
 * or the comment's comments (LinkedIn), so a lookup finds it. Mastodon remembers each
 * `Idempotency-Key` and answers a repeat with the status it created, as an instance does.
 */
export async function startFakeReplies() {
  const { held, keep } = replyStore();
  /** The post each LinkedIn comment is on, by held id: part of the comment's URN. */
  const commentObjects = new Map<string, string>();
  const authorized = bearerGuard(REPLY_TOKEN);
  const asStatus = (reply: HeldReply) => ({
    id: reply.id,
    created_at: reply.createdAt,
    content: `<p>${reply.text}</p>`,
  });
  const statusPosts = mastodonStatusRoute(authorized, (request) => ({
    status: 200,
    body: asStatus(keep(String(request.body.in_reply_to_id), String(request.body.status))),
  }));
  const server = await startFakePlatform([
    statusPosts.route,
    mastodonContextRoute(
      authorized,
      (statusId) => held.filter((r) => r.parentId === statusId).map(asStatus),
      'lookup',
    ),
    {
      method: 'POST',
      path: /^\/2\/tweets$/,
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const reply = request.body.reply as { in_reply_to_tweet_id?: string } | undefined;
          const kept = keep(String(reply?.in_reply_to_tweet_id), String(request.body.text));
          return { status: 201, body: { data: { id: kept.id, text: kept.text } } };
        }),
    },
    readRoute(/^\/2\/tweets\/search\/recent$/, 'lookup', authorized, () => ({
      data: held.map((r) => ({ id: r.id, text: r.text, created_at: r.createdAt })),
    })),
    {
      method: 'POST',
      path: /^\/rest\/socialActions\/([^/]+)\/comments$/,
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const message = request.body.message as { text?: string } | undefined;
          const kept = keep(String(request.body.parentComment), String(message?.text));
          commentObjects.set(kept.id, String(request.body.object));
          return { status: 201, body: linkedInComment(kept, String(request.body.object)) };
        }),
    },
    readRoute(/^\/rest\/socialActions\/([^/]+)\/comments$/, 'lookup', authorized, (_request, match) => ({
      elements: held
        .filter((r) => r.parentId === decodeURIComponent(match[1] ?? ''))
        .map((r) => linkedInComment(r, commentObjects.get(r.id) ?? '')),
    })),
  ]);
  /** The reply calls the platform took (POSTs), whatever their answer. */
  const replyCalls = () => server.requests.filter((r) => r.method === 'POST');
  return { server, held, replyCalls };
}

const graphTokenRefused = {
  error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 },
};

/** The token the fake Graph reply server takes (`access_token`, in the query or the form). */
export const GRAPH_REPLY_TOKEN = 'graph-reply-token';

/**
 * Replying as Meta's Graph APIs answer it, from one server: Facebook's `/{comment-id}/comments`,
 * Instagram's `/{ig-comment-id}/replies`, and Threads' reply container (`reply_to_id`) published
 * by `/{user-id}/threads_publish`. None takes a key: every POST that reaches it replies again,
 * and the replies show under the item (the same edges read back), so a lookup finds them.
 */
export async function startFakeGraphReplies(userId: string) {
  const { held, keep } = replyStore();
  const containers = new Map<string, { parentId: string; text: string }>();
  // Graph takes the token in the query, or as a form field on a POST.
  const authorized: Guard = (request, answer) =>
    String(request.query.get('access_token') ?? request.body.access_token ?? '') === GRAPH_REPLY_TOKEN
      ? answer()
      : { status: 400, body: graphTokenRefused };
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: new RegExp(`^/${userId}/threads$`),
      kind: 'container',
      handle: (request) =>
        authorized(request, () => {
          const id = nextId();
          containers.set(id, { parentId: String(request.body.reply_to_id), text: String(request.body.text) });
          return { status: 200, body: { id } };
        }),
    },
    {
      method: 'POST',
      path: new RegExp(`^/${userId}/threads_publish$`),
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const container = containers.get(String(request.body.creation_id));
          if (!container)
            return { status: 400, body: { error: { message: 'Invalid creation_id', code: 100 } } };
          return { status: 200, body: { id: keep(container.parentId, container.text).id } };
        }),
    },
    {
      method: 'POST',
      path: /^\/([^/]+)\/(?:comments|replies)$/,
      kind: 'publish',
      handle: (request, match) =>
        authorized(request, () => ({
          status: 200,
          body: { id: keep(decodeURIComponent(match[1] ?? ''), String(request.body.message)).id },
        })),
    },
    readRoute(/^\/([^/]+)\/(?:comments|replies)$/, 'lookup', authorized, (_request, match) => ({
      data: held
        .filter((r) => r.parentId === decodeURIComponent(match[1] ?? ''))
        .map((r) => ({
          id: r.id,
          message: r.text,
          text: r.text,
          created_time: r.createdAt,
          timestamp: r.createdAt,
        })),
    })),
  ]);
  /** The reply calls the platform took (POSTs), whatever their answer. */
  const replyCalls = () => server.requests.filter((r) => r.method === 'POST');
  return { server, held, replyCalls };
}
