import type { FakeAnswer, FakeRequest, FakeRoute, Guard } from './fake-platform.js';

/**
 * Mastodon's `POST /api/v1/statuses`, remembering each `Idempotency-Key` as an instance does:
 * a repeat of a key whose status was created gets that status again, and nothing is posted.
 * `forget()` clears what it remembers, as an instance does after a while.
 *
 * @example
 * ```ts
 * const statuses = mastodonStatusRoute(authorized, (request) => ({ status: 200, body: { id: '1' } }));
 * await startFakePlatform([statuses.route]);
 * ```
 */
export function mastodonStatusRoute(authorized: Guard, post: (request: FakeRequest) => FakeAnswer) {
  const answers = new Map<string, FakeAnswer>();
  const route: FakeRoute = {
    method: 'POST',
    path: /^\/api\/v1\/statuses$/,
    kind: 'publish',
    handle: (request) =>
      authorized(request, () => {
        const key = String(request.headers['idempotency-key'] ?? '');
        const earlier = key ? answers.get(key) : undefined;
        if (earlier) return earlier;
        const answer = post(request);
        if (key && answer.status === 200) answers.set(key, answer);
        return answer;
      }),
  };
  return { route, forget: () => answers.clear() };
}

/**
 * Mastodon's `GET /api/v1/statuses/:id/context`: no ancestors, and as descendants what
 * `descendantsOf` gives for the status id.
 *
 * @example
 * ```ts
 * mastodonContextRoute(authorized, (id) => replies.get(id) ?? [], 'metrics');
 * ```
 */
export function mastodonContextRoute(
  authorized: Guard,
  descendantsOf: (statusId: string) => unknown[],
  kind: FakeRoute['kind'],
): FakeRoute {
  return {
    method: 'GET',
    path: /^\/api\/v1\/statuses\/([^/]+)\/context$/,
    kind,
    handle: (request, match) =>
      authorized(request, () => ({
        status: 200,
        body: { ancestors: [], descendants: descendantsOf(decodeURIComponent(match[1] ?? '')) },
      })),
  };
}
