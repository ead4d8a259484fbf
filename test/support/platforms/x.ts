import { bearerOf, type FakeAnswer, type FakeRequest, nextId, startFakePlatform } from './fake-platform.js';

/** The follower count the fake API reports for the posting account. */
export const X_FOLLOWERS = 3400;

/**
 * X API v2: `POST /2/tweets` answers 201 `{ data: { id, text } }` and refuses a repeated
 * text with 403; errors are problem details (`title`, `detail`, `type`, `status`). Tokens
 * expire: `POST /2/oauth2/token` with the refresh token issues a new pair.
 */
export async function startFakeX(
  options: {
    /** Refuse a repeated text with 403, as X does (weakly documented); off to see every post an adapter makes. */
    refuseDuplicates?: boolean;
    /** A post appears in the account's timeline only this long after it was created: the list lags. */
    listLagMs?: number;
  } = {},
) {
  const { refuseDuplicates = true, listLagMs = 0 } = options;
  const tweets: { id: string; text: string; created_at: string }[] = [];
  const tokens = { access: 'x-access-1', refresh: 'x-refresh-1', issued: 1 };
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    bearerOf(request) === tokens.access
      ? answer()
      : {
          status: 401,
          body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
        };
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/2\/tweets$/,
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const text = String(request.body.text ?? '');
          if (refuseDuplicates && tweets.some((t) => t.text === text)) {
            return {
              status: 403,
              body: {
                title: 'Forbidden',
                type: 'about:blank',
                status: 403,
                detail: 'You are not allowed to create a Tweet with duplicate content.',
              },
            };
          }
          const tweet = {
            id: nextId(),
            text: text.replace(/https?:\/\/\S+/g, 'https://t.co/abc123'),
            created_at: new Date().toISOString(),
          };
          tweets.push({ ...tweet, text });
          return { status: 201, body: { data: { id: tweet.id, text: tweet.text } } };
        }),
    },
    {
      method: 'GET',
      path: /^\/2\/users\/me$/,
      kind: 'lookup',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: { data: { id: '42', username: 'acme', public_metrics: { followers_count: X_FOLLOWERS } } },
        })),
    },
    {
      method: 'GET',
      path: /^\/2\/users\/42\/tweets$/,
      kind: 'lookup',
      handle: (r) =>
        authorized(r, () => ({
          status: 200,
          body: {
            data: [...tweets]
              .filter((t) => Date.parse(t.created_at) <= Date.now() - listLagMs)
              .reverse()
              .map((t) => ({ ...t, text: t.text.replace(/https?:\/\/\S+/g, 'https://t.co/abc123') })),
          },
        })),
    },
    {
      method: 'GET',
      path: /^\/2\/tweets\/(\d+)$/,
      kind: 'metrics',
      handle: (r, m) =>
        authorized(r, () => ({
          status: 200,
          body: {
            data: {
              id: m[1],
              text: tweets.find((t) => t.id === m[1])?.text,
              public_metrics: {
                retweet_count: 3,
                reply_count: 2,
                like_count: 11,
                quote_count: 1,
                bookmark_count: 4,
                impression_count: 250,
              },
            },
          },
        })),
    },
    {
      method: 'POST',
      path: /^\/2\/oauth2\/token$/,
      kind: 'auth',
      handle: (r) => {
        if (r.body.grant_type !== 'refresh_token' || r.body.refresh_token !== tokens.refresh) {
          return {
            status: 400,
            body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
          };
        }
        tokens.issued += 1;
        tokens.access = `x-access-${tokens.issued}`;
        tokens.refresh = `x-refresh-${tokens.issued}`;
        return {
          status: 200,
          body: {
            token_type: 'bearer',
            expires_in: 7200,
            access_token: tokens.access,
            refresh_token: tokens.refresh,
            scope: 'tweet.write',
          },
        };
      },
    },
  ]);
  return { server, posts: tweets, tokens };
}
