import { bearerOf, type FakeAnswer, type FakeRequest, nextId, startFakePlatform } from './fake-platform.js';

export const MASTODON_TOKEN = 'mastodon-token';
/** The follower count the fake instance reports for the posting account. */
export const MASTODON_FOLLOWERS = 1250;

/**
 * A Mastodon instance: `POST /api/v1/statuses` remembers `Idempotency-Key` (a repeat
 * returns the first status), statuses come back as HTML, 401 and 422 as `{ "error" }`.
 */
export async function startFakeMastodon() {
  const statuses: Record<string, unknown>[] = [];
  const keys = new Map<string, Record<string, unknown>>();
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    bearerOf(request) === MASTODON_TOKEN
      ? answer()
      : { status: 401, body: { error: 'The access token is invalid' } };
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/api\/v1\/statuses$/,
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const key = String(request.headers['idempotency-key'] ?? '');
          const earlier = keys.get(key);
          if (key && earlier) return { status: 200, body: earlier };
          const text = String(request.body.status ?? '');
          if (!text) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
          const id = nextId();
          const status = {
            id,
            url: `https://mastodon.example/@acme/${id}`,
            created_at: new Date().toISOString(),
            content: `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br />')}</p>`,
            favourites_count: 7,
            reblogs_count: 2,
            replies_count: 1,
          };
          statuses.push(status);
          if (key) keys.set(key, status);
          return { status: 200, body: status };
        }),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/accounts\/verify_credentials$/,
      kind: 'lookup',
      handle: (request) =>
        authorized(request, () => ({
          status: 200,
          body: { id: '1', username: 'acme', followers_count: MASTODON_FOLLOWERS },
        })),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/accounts\/1\/statuses$/,
      kind: 'lookup',
      handle: (request) => authorized(request, () => ({ status: 200, body: [...statuses].reverse() })),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/statuses\/(\d+)$/,
      kind: 'metrics',
      handle: (request, match) =>
        authorized(request, () => {
          const status = statuses.find((s) => s.id === match[1]);
          return status
            ? { status: 200, body: status }
            : { status: 404, body: { error: 'Record not found' } };
        }),
    },
  ]);
  return { server, posts: statuses, forgetKeys: () => keys.clear() };
}
