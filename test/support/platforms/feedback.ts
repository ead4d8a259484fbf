import { bearerOf, type FakeAnswer, type FakeRequest, startFakePlatform } from './fake-platform.js';

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
 * refused as each platform refuses it.
 */
export async function startFakeFeedback() {
  const replies = new Map<string, FakeReply[]>();
  const of = (postId: string) => replies.get(decodeURIComponent(postId)) ?? [];
  const bearer = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    bearerOf(request) === FEEDBACK_TOKEN ? answer() : { status: 401, body: { error: 'invalid token' } };
  const graph = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    request.query.get('access_token') === FEEDBACK_TOKEN
      ? answer()
      : { status: 400, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
  const server = await startFakePlatform([
    {
      method: 'GET',
      path: /^\/api\/v1\/statuses\/([^/]+)\/context$/,
      kind: 'metrics',
      handle: (request, match) =>
        bearer(request, () => ({
          status: 200,
          body: {
            ancestors: [],
            descendants: of(match[1] ?? '').map((r) => ({
              id: r.id,
              created_at: r.createdAt,
              content: `<p>${r.text.replace(/&/g, '&amp;')}</p>`,
              account: { acct: r.author },
            })),
          },
        })),
    },
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
          return { status: 200, body: { data: posts, meta: { result_count: posts.length } } };
        }),
    },
    {
      method: 'GET',
      path: /^\/rest\/socialActions\/([^/]+)\/comments$/,
      kind: 'metrics',
      handle: (request, match) =>
        bearer(request, () => ({
          status: 200,
          body: {
            elements: of(match[1] ?? '').map((r) => ({
              $URN: `urn:li:comment:(${decodeURIComponent(match[1] ?? '')},${r.id})`,
              actor: r.author,
              message: { text: r.text },
              created: { time: Date.parse(r.createdAt) },
            })),
          },
        })),
    },
    {
      method: 'GET',
      path: /^\/v23\.0\/([^/]+)\/(comments|replies)$/,
      kind: 'metrics',
      handle: (request, match) =>
        graph(request, () => ({
          status: 200,
          body: {
            data: of(match[1] ?? '').map((r) =>
              request.query.get('fields')?.includes('message')
                ? { id: r.id, message: r.text, created_time: r.createdAt, from: { id: r.author } }
                : { id: r.id, text: r.text, timestamp: r.createdAt, username: r.author },
            ),
          },
        })),
    },
  ]);
  return { server, replies };
}
