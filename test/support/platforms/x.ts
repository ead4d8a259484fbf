import {
  bearerOf,
  type FakeAnswer,
  type FakeRequest,
  type FakeRoute,
  nextId,
  startFakePlatform,
} from './fake-platform.js';

/** The follower count the fake API reports for the posting account. */
export const X_FOLLOWERS = 3400;

/** An upload as the fake API holds it. */
export interface FakeXMedia {
  id: string;
  type: string;
  category: string;
  totalBytes: number;
  chunks: Buffer[];
  finalized: boolean;
  /** STATUS looks left before processing ends (video and GIF). */
  looksLeft: number;
  failed: boolean;
  alt?: string;
}

const X_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'video/quicktime'];

/**
 * X API v2: `POST /2/tweets` answers 201 `{ data: { id, text } }` and refuses a repeated
 * text with 403; errors are problem details (`title`, `detail`, `type`, `status`). Tokens
 * expire: `POST /2/oauth2/token` with the refresh token issues a new pair. Media as X takes
 * it: INIT, APPEND (multipart, in order), FINALIZE checking the byte count, STATUS for video
 * and GIF (`pending`, then `in_progress` for `media.statusLooks` looks, `check_after_secs` 1,
 * or `failed` with `media.failVideos`), alt text as metadata; a post refuses media unknown,
 * unfinished or still processing.
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
  const tweets: { id: string; text: string; created_at: string; media_ids?: string[] }[] = [];
  const uploads: FakeXMedia[] = [];
  const media = { statusLooks: 1, failVideos: false };
  const problem = (status: number, detail: string) => ({
    status,
    body: { title: 'Invalid Request', type: 'about:blank', status, detail },
  });
  const processingInfo = (m: FakeXMedia) =>
    m.failed && m.looksLeft === 0
      ? { state: 'failed', error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video codec' } }
      : m.looksLeft > 0
        ? { state: m.looksLeft === media.statusLooks ? 'pending' : 'in_progress', check_after_secs: 1 }
        : { state: 'succeeded', progress_percent: 100 };
  const tokens = { access: 'x-access-1', refresh: 'x-refresh-1', issued: 1 };
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer =>
    bearerOf(request) === tokens.access
      ? answer()
      : {
          status: 401,
          body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
        };
  /** `POST /2/media/upload/{id}/<step>`: `act` on the upload the path names; an unknown id is refused. */
  const uploadStep = (
    step: 'append' | 'finalize',
    act: (request: FakeRequest, upload: FakeXMedia) => FakeAnswer,
  ): FakeRoute => ({
    method: 'POST',
    path: new RegExp(`^/2/media/upload/(\\d+)/${step}$`),
    kind: 'media',
    handle: (r, m) =>
      authorized(r, () => {
        const upload = uploads.find((u) => u.id === m[1]);
        return upload ? act(r, upload) : problem(400, 'media_id is invalid');
      }),
  });
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/2\/tweets$/,
      kind: 'publish',
      handle: (request) =>
        authorized(request, () => {
          const text = String(request.body.text ?? '');
          const mediaIds = (
            (request.body.media as { media_ids?: string[] } | undefined)?.media_ids ?? []
          ).map(String);
          const attached = mediaIds.map((id) => uploads.find((m) => m.id === id));
          if (attached.some((m) => !m?.finalized || m.looksLeft > 0 || m.failed)) {
            return problem(400, 'Your media IDs are invalid.');
          }
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
          tweets.push({ ...tweet, text, ...(mediaIds.length ? { media_ids: mediaIds } : {}) });
          return { status: 201, body: { data: { id: tweet.id, text: tweet.text } } };
        }),
    },
    {
      method: 'POST',
      path: /^\/2\/media\/upload\/initialize$/,
      kind: 'media',
      handle: (r) =>
        authorized(r, () => {
          const type = String(r.body.media_type ?? '');
          if (!X_MEDIA_TYPES.includes(type)) return problem(400, `media_type ${type} is not supported`);
          const upload: FakeXMedia = {
            id: nextId(),
            type,
            category: String(r.body.media_category ?? ''),
            totalBytes: Number(r.body.total_bytes),
            chunks: [],
            finalized: false,
            looksLeft: 0,
            failed: false,
          };
          uploads.push(upload);
          return {
            status: 200,
            body: { data: { id: upload.id, media_key: `3_${upload.id}`, expires_after_secs: 86400 } },
          };
        }),
    },
    uploadStep('append', (r, upload) => {
      const chunk = r.files.media;
      if (upload.finalized) return problem(400, 'media_id is invalid');
      if (!chunk || Number(r.body.segment_index) !== upload.chunks.length) {
        return problem(400, 'segment_index is invalid');
      }
      upload.chunks.push(chunk.data);
      return { status: 200, body: { data: { expires_at: Date.now() + 86_400_000 } } };
    }),
    uploadStep('finalize', (_r, upload) => {
      const received = upload.chunks.reduce((sum, c) => sum + c.length, 0);
      if (received !== upload.totalBytes) {
        return problem(400, `File size mismatch: ${received} of ${upload.totalBytes} bytes`);
      }
      upload.finalized = true;
      const asynchronous = upload.category === 'tweet_video' || upload.category === 'tweet_gif';
      upload.looksLeft = asynchronous ? media.statusLooks : 0;
      upload.failed = asynchronous && upload.category === 'tweet_video' && media.failVideos;
      return {
        status: 200,
        body: {
          data: {
            id: upload.id,
            media_key: `3_${upload.id}`,
            size: received,
            expires_after_secs: 86400,
            ...(asynchronous ? { processing_info: processingInfo(upload) } : {}),
          },
        },
      };
    }),
    {
      method: 'GET',
      path: /^\/2\/media\/upload$/,
      kind: 'media',
      handle: (r) =>
        authorized(r, () => {
          const upload = uploads.find((u) => u.id === r.query.get('media_id'));
          if (r.query.get('command') !== 'STATUS' || !upload?.finalized)
            return problem(400, 'media_id is invalid');
          if (upload.looksLeft > 0) upload.looksLeft -= 1;
          return { status: 200, body: { data: { id: upload.id, processing_info: processingInfo(upload) } } };
        }),
    },
    {
      method: 'POST',
      path: /^\/2\/media\/metadata$/,
      kind: 'media',
      handle: (r) =>
        authorized(r, () => {
          const upload = uploads.find((u) => u.id === String(r.body.id));
          if (!upload?.finalized) return problem(400, 'media id is invalid');
          const alt = (r.body.metadata as { alt_text?: { text?: string } } | undefined)?.alt_text?.text;
          if (alt !== undefined && alt.length > 1000) return problem(400, 'alt_text is longer than 1000');
          upload.alt = alt;
          return {
            status: 200,
            body: { data: { id: upload.id, associated_metadata: { alt_text: { text: alt } } } },
          };
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
  return { server, posts: tweets, tokens, uploads, media };
}
