import { bearerOf, type FakeAnswer, type FakeRequest, startFakePlatform } from './fake-platform.js';

export const BLUESKY_IDENTIFIER = 'acme.test';
export const BLUESKY_PASSWORD = 'app-password-1';
/** The follower count the fake appview reports for the posting account. */
export const BLUESKY_FOLLOWERS = 840;
const DID = 'did:plc:acme';
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/**
 * An AT Protocol PDS subset over XRPC: createSession, createRecord (a post's rkey must be a
 * TID; a taken rkey answers 500 InternalServerError as a real PDS does), getRecord (400
 * RecordNotFound), listRecords, app.bsky.actor.getProfile (followersCount) and app.bsky.feed.getPosts with counts.
 */
export async function startFakeBluesky() {
  const records = new Map<string, { uri: string; cid: string; value: Record<string, unknown> }>();
  let jwt = 'access-jwt-1';
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    bearerOf(request) === jwt
      ? answer()
      : { status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };
  const server = await startFakePlatform(
    [
      {
        method: 'POST',
        path: /^\/xrpc\/com\.atproto\.server\.createSession$/,
        kind: 'auth',
        handle: (r) =>
          r.body.identifier === BLUESKY_IDENTIFIER && r.body.password === BLUESKY_PASSWORD
            ? {
                status: 200,
                body: {
                  accessJwt: jwt,
                  refreshJwt: 'refresh-jwt',
                  handle: BLUESKY_IDENTIFIER,
                  did: DID,
                  active: true,
                },
              }
            : {
                status: 401,
                body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' },
              },
      },
      {
        method: 'POST',
        path: /^\/xrpc\/com\.atproto\.repo\.createRecord$/,
        kind: 'publish',
        handle: (r) =>
          authorized(r, () => {
            const rkey = String(r.body.rkey ?? '');
            if (!TID.test(rkey))
              return { status: 400, body: { error: 'InvalidRequest', message: 'Invalid TID string' } };
            if (records.has(rkey))
              return {
                status: 500,
                body: { error: 'InternalServerError', message: 'Internal Server Error' },
              };
            const record = {
              uri: `at://${DID}/app.bsky.feed.post/${rkey}`,
              cid: `bafyrei${rkey}`,
              value: r.body.record as Record<string, unknown>,
            };
            records.set(rkey, record);
            return { status: 200, body: { uri: record.uri, cid: record.cid, validationStatus: 'valid' } };
          }),
      },
      {
        method: 'GET',
        path: /^\/xrpc\/com\.atproto\.repo\.getRecord$/,
        kind: 'lookup',
        handle: (r) => {
          const record = records.get(String(r.query.get('rkey')));
          return record
            ? { status: 200, body: record }
            : {
                status: 400,
                body: {
                  error: 'RecordNotFound',
                  message: `Could not locate record: at://${DID}/app.bsky.feed.post/${r.query.get('rkey')}`,
                },
              };
        },
      },
      {
        method: 'GET',
        path: /^\/xrpc\/com\.atproto\.repo\.listRecords$/,
        kind: 'lookup',
        handle: () => ({ status: 200, body: { records: [...records.values()] } }),
      },
      {
        method: 'GET',
        path: /^\/xrpc\/app\.bsky\.actor\.getProfile$/,
        kind: 'lookup',
        handle: (r) =>
          authorized(r, () =>
            r.query.get('actor') === DID
              ? {
                  status: 200,
                  body: { did: DID, handle: BLUESKY_IDENTIFIER, followersCount: BLUESKY_FOLLOWERS },
                }
              : { status: 400, body: { error: 'InvalidRequest', message: 'Profile not found' } },
          ),
      },
      {
        method: 'GET',
        path: /^\/xrpc\/app\.bsky\.feed\.getPosts$/,
        kind: 'metrics',
        handle: (r) =>
          authorized(r, () => ({
            status: 200,
            body: {
              posts: r.query
                .getAll('uris')
                .map((uri) => ({ uri, likeCount: 9, repostCount: 3, replyCount: 2, quoteCount: 1 })),
            },
          })),
      },
    ],
    () => ({ error: 'MethodNotImplemented', message: 'Method Not Implemented' }),
  );
  return {
    server,
    posts: records,
    expireSession: () => {
      jwt = `access-jwt-${Date.now()}`;
    },
  };
}
