import { bearerGuard, type FakeAnswer, type FakeRequest, startFakePlatform } from './fake-platform.js';
import { mastodonContextRoute } from './mastodon-routes.js';

/** The token every route of the fake takes, as `Authorization: Bearer` or Graph's `access_token`. */
export const FEEDBACK_TOKEN = 'feedback-token';

/** A reply as a test writes it: the fake answers it in each platform's own shape. */
export interface FakeReply {
  id: string;
  text: string;
  author: string;
  createdAt: string;
}

/**
 * Replies and comments as Mastodon, X, LinkedIn and Meta's Graph APIs answer them, from one
 * server: `replies` maps a post's platform id to what people wrote under it. A wrong token is
 * refused as each platform refuses it. Listings are paged as each platform pages them (X
 * `next_token`, LinkedIn `start` and `paging.total`, Graph `paging.cursors.after` and
 * `paging.next`), at most `paging.size` items a page whatever the caller asks, as platforms
 * may answer fewer than asked. Hiding as X (`PUT /2/tweets/{id}/hidden`) and Graph
 * (`POST /{comment-id}`, `is_hidden` on Facebook, `hide` on Instagram) take it lands in `hidden`.
 */
export async function startFakeFeedback() {
  const replies = new Map<string, FakeReply[]>();
  const paging = { size: 100 };
  /** Platform ids of the items hidden, with how each platform was asked (`x`, `is_hidden`, `hide`). */
  const hidden = new Map<string, string>();
  const of = (postId: string) => replies.get(decodeURIComponent(postId)) ?? [];
  /** The slice of `all` from `offset`, at most the asked size and `paging.size`; where the next page starts. */
  const pageOf = <T>(all: T[], offset: number, asked: string | null) => {
    const size = Math.min(paging.size, Number(asked ?? 100));
    const items = all.slice(offset, offset + size);
    const next = offset + items.length;
    return { items, next: next < all.length ? next : undefined };
  };
  const cursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
  const offsetOf = (token: string | null) =>
    token
      ? Number(
          Buffer.from(token, 'base64url')
            .toString()
            .replace(/^offset:/, ''),
        )
      : 0;
  const bearer = bearerGuard(FEEDBACK_TOKEN);
  const graph = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    request.query.get('access_token') === FEEDBACK_TOKEN
      ? answer()
      : { status: 400, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
  const server = await startFakePlatform([
    mastodonContextRoute(
      bearer,
      (statusId) =>
        (replies.get(statusId) ?? []).map((r) => ({
          id: r.id,
          created_at: r.createdAt,
          content: `<p>${r.text.replace(/&/g, '&amp;')}</p>`,
          account: { acct: r.author },
        })),
      'metrics',
    ),
    {
      method: 'GET',
      path: /^\/2\/tweets\/search\/recent$/,
      kind: 'metrics',
      handle: (request) =>
        bearer(request, () => {
          const conversation = (request.query.get('query') ?? '').replace(/^conversation_id:/, '');
          // X lists the conversation's first post too.
          const posts = [{ id: conversation, text: 'our post', author_id: 'brand' }].concat(
            of(conversation).map((r) => ({
              id: r.id,
              text: r.text,
              author_id: r.author,
              created_at: r.createdAt,
            })),
          );
          const page = pageOf(
            posts,
            offsetOf(request.query.get('next_token')),
            request.query.get('max_results'),
          );
          const meta = { result_count: page.items.length };
          return {
            status: 200,
            body: {
              data: page.items,
              meta: page.next === undefined ? meta : { ...meta, next_token: cursor(page.next) },
            },
          };
        }),
    },
    {
      method: 'GET',
      path: /^\/rest\/socialActions\/([^/]+)\/comments$/,
      kind: 'metrics',
      handle: (request, match) =>
        bearer(request, () => {
          const all = of(match[1] ?? '');
          const start = Number(request.query.get('start') ?? 0);
          const page = pageOf(all, start, request.query.get('count'));
          return {
            status: 200,
            body: {
              elements: page.items.map((r) => ({
                $URN: `urn:li:comment:(${decodeURIComponent(match[1] ?? '')},${r.id})`,
                actor: r.author,
                message: { text: r.text },
                created: { time: Date.parse(r.createdAt) },
              })),
              paging: { start, count: page.items.length, total: all.length },
            },
          };
        }),
    },
    {
      method: 'GET',
      path: /^\/v23\.0\/([^/]+)\/(comments|replies)$/,
      kind: 'metrics',
      handle: (request, match) =>
        graph(request, () => {
          const offset = offsetOf(request.query.get('after'));
          const page = pageOf(of(match[1] ?? ''), offset, request.query.get('limit'));
          const cursors = { before: cursor(offset), after: cursor(offset + page.items.length) };
          return {
            status: 200,
            body: {
              data: page.items.map((r) =>
                request.query.get('fields')?.includes('message')
                  ? { id: r.id, message: r.text, created_time: r.createdAt, from: { id: r.author } }
                  : { id: r.id, text: r.text, timestamp: r.createdAt, username: r.author },
              ),
              // Graph gives cursors on every page; `next` only when another page exists.
              paging:
                page.next === undefined
                  ? { cursors }
                  : { cursors, next: `${request.path}?after=${cursors.after}` },
            },
          };
        }),
    },
    {
      method: 'PUT',
      path: /^\/2\/tweets\/([^/]+)\/hidden$/,
      kind: 'publish',
      handle: (request, match) =>
        bearer(request, () => {
          if (request.body.hidden !== true) return { status: 400, body: { detail: 'hidden must be true' } };
          hidden.set(decodeURIComponent(match[1] ?? ''), 'x');
          return { status: 200, body: { data: { hidden: true } } };
        }),
    },
    {
      method: 'POST',
      path: /^\/v23\.0\/([^/]+)$/,
      kind: 'publish',
      // Graph takes the token as a form field on a POST.
      handle: (request, match) => {
        if (request.body.access_token !== FEEDBACK_TOKEN)
          return { status: 400, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
        const how =
          request.body.is_hidden === 'true' ? 'is_hidden' : request.body.hide === 'true' ? 'hide' : '';
        if (!how) return { status: 400, body: { error: { message: 'nothing to update', code: 100 } } };
        hidden.set(decodeURIComponent(match[1] ?? ''), how);
        return { status: 200, body: { success: true } };
      },
    },
  ]);
  return { server, replies, paging, hidden };
}
