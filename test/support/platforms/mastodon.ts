import { bearerGuard, type FakeAnswer, nextId, startFakePlatform } from './fake-platform.js';
import { mastodonStatusRoute } from './mastodon-routes.js';

export const MASTODON_TOKEN = 'mastodon-token';
/** The follower count the fake instance reports for the posting account. */
export const MASTODON_FOLLOWERS = 1250;

/** An upload as the fake instance holds it. */
export interface FakeMastodonMedia {
  id: string;
  type: string;
  description?: string;
  bytes: Buffer;
  /** Looks (`GET /api/v1/media/:id`) left before processing ends. */
  looksLeft: number;
  failed: boolean;
  statusId?: string;
}

/** What the fake instance says about its media (`GET /api/v2/instance`). */
export const MASTODON_INSTANCE = {
  statuses: { max_characters: 500, max_media_attachments: 4 },
  media_attachments: {
    supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4'],
    image_size_limit: 16_777_216,
    video_size_limit: 103_809_024,
  },
};

/**
 * A Mastodon instance: `POST /api/v1/statuses` remembers `Idempotency-Key` (a repeat
 * returns the first status), statuses come back as HTML, 401 and 422 as `{ "error" }`.
 * Media as Mastodon handles it: `POST /api/v2/media` answers 200 with a `url` for an image
 * and 202 with `url: null` for a video, which `GET /api/v1/media/:id` answers 206 until
 * processed (`media.videoLooks` looks), then 200, or 422 when processing failed
 * (`media.failVideos`); a status refuses media still processing or unknown.
 */
export async function startFakeMastodon(instance: Record<string, unknown> = MASTODON_INSTANCE) {
  const statuses: Record<string, unknown>[] = [];
  const uploads: FakeMastodonMedia[] = [];
  const media = { videoLooks: 2, failVideos: false };
  const view = (m: FakeMastodonMedia) => ({
    id: m.id,
    type: m.type.startsWith('video/') ? 'video' : 'image',
    url: m.looksLeft > 0 || m.failed ? null : `https://files.mastodon.example/${m.id}`,
    description: m.description ?? null,
  });
  const authorized = bearerGuard(MASTODON_TOKEN, {
    status: 401,
    body: { error: 'The access token is invalid' },
  });
  const statusPosts = mastodonStatusRoute(authorized, (request) => {
    const text = String(request.body.status ?? '');
    const mediaIds = (request.body.media_ids as string[] | undefined) ?? [];
    if (!text && mediaIds.length === 0) {
      return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
    }
    const attached = mediaIds.map((id) => uploads.find((m) => m.id === id && !m.statusId));
    if (attached.some((m) => !m)) {
      return { status: 422, body: { error: 'Validation failed: media not found' } };
    }
    if (attached.some((m) => m && (m.looksLeft > 0 || m.failed))) {
      return {
        status: 422,
        body: {
          error: 'Cannot attach files that have not finished processing. Try again in a moment!',
        },
      };
    }
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
    for (const m of attached) if (m) m.statusId = id;
    statuses.push({ ...status, media_attachments: attached.map((m) => m && view(m)) });
    return { status: 200, body: status };
  });
  /** Answers for the item with this id, or 404 as an instance answers an unknown record. */
  const withId = <T extends { id?: unknown }>(
    items: T[],
    id: string | undefined,
    answer: (item: T) => FakeAnswer,
  ): FakeAnswer => {
    const item = items.find((i) => i.id === id);
    return item ? answer(item) : { status: 404, body: { error: 'Record not found' } };
  };
  const server = await startFakePlatform([
    statusPosts.route,
    {
      method: 'POST',
      path: /^\/api\/v2\/media$/,
      kind: 'media',
      handle: (request) =>
        authorized(request, () => {
          const file = request.files.file;
          if (!file) return { status: 422, body: { error: 'Validation failed: File must be present' } };
          const types = (instance.media_attachments as { supported_mime_types: string[] })
            .supported_mime_types;
          if (!types.includes(file.type)) {
            return { status: 422, body: { error: 'Validation failed: File content type is invalid' } };
          }
          const video = file.type.startsWith('video/');
          const upload: FakeMastodonMedia = {
            id: nextId(),
            type: file.type,
            description: request.body.description as string | undefined,
            bytes: file.data,
            looksLeft: video ? media.videoLooks : 0,
            failed: video && media.failVideos,
          };
          uploads.push(upload);
          return { status: video ? 202 : 200, body: view(upload) };
        }),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/media\/(\d+)$/,
      kind: 'media',
      handle: (request, match) =>
        authorized(request, () =>
          withId(uploads, match[1], (upload) => {
            if (upload.looksLeft > 0) {
              upload.looksLeft -= 1;
              return { status: 206, body: view({ ...upload, looksLeft: 1 }) };
            }
            if (upload.failed) {
              return { status: 422, body: { error: 'Error processing thumbnail for uploaded media' } };
            }
            return { status: 200, body: view(upload) };
          }),
        ),
    },
    {
      method: 'GET',
      path: /^\/api\/v2\/instance$/,
      kind: 'lookup',
      handle: () => ({ status: 200, body: { domain: 'mastodon.example', configuration: instance } }),
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
        authorized(request, () => withId(statuses, match[1], (status) => ({ status: 200, body: status }))),
    },
  ]);
  return { server, posts: statuses, uploads, media, forgetKeys: statusPosts.forget };
}
