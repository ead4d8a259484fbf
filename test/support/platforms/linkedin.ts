import {
  bearerOf,
  type FakeAnswer,
  type FakeRequest,
  nextId,
  readRoute,
  startFakePlatform,
} from './fake-platform.js';

export const LINKEDIN_TOKEN = 'linkedin-token';

/**
 * LinkedIn Posts API: `POST /rest/posts` answers 201 with the URN in `x-restli-id`, a
 * repeated commentary 422 `DUPLICATE_POST`; errors are `{ message, status, serviceErrorCode }`.
 */
export async function startFakeLinkedIn(
  options: {
    /** A post appears in the organization's list only this long after it was created: the list lags. */
    listLagMs?: number;
    /** The size of each video part an upload is split into (LinkedIn: 4 MB). */
    partBytes?: number;
    /** Status reads a video stays PROCESSING once finalized. */
    videoProcessingReads?: number;
  } = {},
) {
  const { listLagMs = 0, partBytes = 4 * 1024 * 1024, videoProcessingReads = 1 } = options;
  const posts: {
    id: string;
    author: string;
    commentary: string;
    createdAt: number;
    content?: Record<string, unknown>;
  }[] = [];
  const uploads = new Map<string, FakeUpload>();
  let nextVideoFailure: string | undefined;
  let uploadBase = '';
  const authorized = (request: FakeRequest, answer: () => FakeAnswer): FakeAnswer => {
    if (bearerOf(request) !== LINKEDIN_TOKEN) {
      return {
        status: 401,
        body: {
          status: 401,
          serviceErrorCode: 65600,
          code: 'INVALID_ACCESS_TOKEN',
          message: 'Invalid access token',
        },
      };
    }
    if (!request.headers['linkedin-version']) {
      return {
        status: 400,
        body: { status: 400, code: 'VERSION_MISSING', message: 'A version must be present' },
      };
    }
    return answer();
  };
  /** A post may only name media whose upload is AVAILABLE. */
  const unusableMedia = (content: Record<string, unknown> | undefined): FakeAnswer | undefined => {
    const single = (content?.media as { id?: string } | undefined)?.id;
    const many = ((content?.multiImage as { images?: { id: string }[] } | undefined)?.images ?? []).map(
      (i) => i.id,
    );
    const ids = single ? [single] : many;
    if (many.length === 1 || many.length > 20) return invalid('multiImage takes 2 to 20 images');
    const unavailable = ids.filter((id) => uploads.get(id)?.status !== 'AVAILABLE');
    return unavailable.length ? invalid(`media not AVAILABLE: ${unavailable.join(', ')}`) : undefined;
  };
  const initialize = (r: FakeRequest, kind: 'image' | 'video'): FakeAnswer => {
    const request = r.body.initializeUploadRequest as { owner?: string; fileSizeBytes?: number } | undefined;
    if (!request?.owner) return invalid('initializeUploadRequest.owner is required');
    const id = nextId();
    const urn = `urn:li:${kind}:C4E${id}`;
    if (kind === 'image') {
      uploads.set(urn, { urn, status: 'WAITING_UPLOAD', parts: [], bytes: Buffer.alloc(0), readsLeft: 0 });
      return {
        status: 200,
        body: {
          value: {
            uploadUrlExpiresAt: Date.now() + 3_600_000,
            uploadUrl: `${uploadBase}/dms-uploads/${id}/0`,
            image: urn,
          },
        },
      };
    }
    const size = Number(request.fileSizeBytes ?? 0);
    const count = Math.max(1, Math.ceil(size / partBytes));
    const instructions = Array.from({ length: count }, (_, part) => ({
      uploadUrl: `${uploadBase}/dms-uploads/${id}/${part}`,
      firstByte: part * partBytes,
      lastByte: Math.min(size, (part + 1) * partBytes) - 1,
    }));
    uploads.set(urn, {
      urn,
      status: 'WAITING_UPLOAD',
      parts: new Array(count).fill(undefined),
      bytes: Buffer.alloc(0),
      readsLeft: videoProcessingReads,
      failWith: nextVideoFailure,
      uploadToken: `token-${id}`,
    });
    nextVideoFailure = undefined;
    return {
      status: 200,
      body: {
        value: {
          uploadUrlsExpireAt: Date.now() + 3_600_000,
          video: urn,
          uploadInstructions: instructions,
          uploadToken: `token-${id}`,
        },
      },
    };
  };
  const byUploadId = (id: string) => [...uploads.values()].find((u) => u.urn.endsWith(`:C4E${id}`));
  const server = await startFakePlatform([
    {
      method: 'POST',
      path: /^\/rest\/(images|videos)$/,
      kind: 'container',
      handle: (r, m) =>
        authorized(r, () => {
          const kind = m[1] === 'images' ? 'image' : 'video';
          const action = r.query.get('action');
          if (action === 'initializeUpload') return initialize(r, kind);
          if (action !== 'finalizeUpload' || kind !== 'video') return invalid(`unknown action ${action}`);
          const request = r.body.finalizeUploadRequest as
            | { video?: string; uploadToken?: string; uploadedPartIds?: string[] }
            | undefined;
          const video = uploads.get(String(request?.video));
          const etags = video?.parts.map((part) => part?.etag);
          if (!video || JSON.stringify(etags) !== JSON.stringify(request?.uploadedPartIds)) {
            return invalid('uploadedPartIds must name every part, in order');
          }
          video.bytes = Buffer.concat(video.parts.map((part) => part?.bytes ?? Buffer.alloc(0)));
          video.status = 'PROCESSING';
          return { status: 200, body: {} };
        }),
    },
    {
      method: 'PUT',
      path: /^\/dms-uploads\/(\d+)\/(\d+)$/,
      kind: 'upload',
      // Upload URLs take the token, not the API version header.
      handle: (r, m) =>
        authorized({ ...r, headers: { 'linkedin-version': 'upload', ...r.headers } }, () => {
          const upload = byUploadId(String(m[1]));
          if (!upload) return { status: 404, body: { message: 'no such upload' } };
          const etag = `etag-${m[1]}-${m[2]}-${r.bytes.length}`;
          if (upload.urn.includes(':image:')) {
            upload.bytes = r.bytes;
            upload.status = 'AVAILABLE';
            return { status: 201 };
          }
          upload.parts[Number(m[2])] = { etag, bytes: r.bytes };
          return { status: 200, headers: { etag } };
        }),
    },
    {
      method: 'GET',
      path: /^\/rest\/(images|videos)\/([^/]+)$/,
      kind: 'lookup',
      handle: (r, m) =>
        authorized(r, () => {
          const upload = uploads.get(decodeURIComponent(String(m[2])));
          if (!upload) return { status: 404, body: { status: 404, message: 'Not found' } };
          if (upload.status === 'PROCESSING') {
            if (upload.readsLeft > 0) upload.readsLeft -= 1;
            else upload.status = upload.failWith ? 'PROCESSING_FAILED' : 'AVAILABLE';
          }
          return {
            status: 200,
            body: {
              id: upload.urn,
              status: upload.status,
              ...(upload.status === 'PROCESSING_FAILED' ? { processingFailureReason: upload.failWith } : {}),
            },
          };
        }),
    },
    {
      method: 'POST',
      path: /^\/rest\/posts$/,
      kind: 'publish',
      handle: (r) =>
        authorized(r, () => {
          const commentary = String(r.body.commentary ?? '');
          if (posts.some((p) => p.commentary === commentary)) {
            return {
              status: 422,
              body: {
                status: 422,
                message: 'ERROR :: /commentary :: DUPLICATE_POST :: Content is a duplicate',
              },
            };
          }
          const content = r.body.content as Record<string, unknown> | undefined;
          const refused = unusableMedia(content);
          if (refused) return refused;
          const id = `urn:li:share:${nextId()}`;
          posts.push({ id, author: String(r.body.author), commentary, createdAt: Date.now(), content });
          return { status: 201, headers: { 'x-restli-id': id } };
        }),
    },
    readRoute(/^\/rest\/posts$/, 'lookup', authorized, () => ({
      elements: posts.filter((p) => p.createdAt <= Date.now() - listLagMs).reverse(),
      paging: { start: 0, count: 20 },
    })),
    readRoute(/^\/rest\/organizationalEntityShareStatistics$/, 'metrics', authorized, (r) => ({
      elements: [
        {
          organizationalEntity: r.query.get('organizationalEntity'),
          totalShareStatistics: {
            impressionCount: 900,
            uniqueImpressionsCount: 600,
            clickCount: 30,
            likeCount: 21,
            commentCount: 4,
            shareCount: 5,
            engagement: 0.066,
          },
        },
      ],
    })),
  ]);
  uploadBase = server.url;
  return {
    server,
    posts,
    /** Images and videos by URN, with the bytes LinkedIn received. */
    uploads,
    /** The next video's processing ends in PROCESSING_FAILED with this reason. */
    failNextVideo: (reason = 'VIDEO_PROCESSING_FAILED') => {
      nextVideoFailure = reason;
    },
  };
}

/** An image or video upload as the fake holds it. */
export interface FakeUpload {
  urn: string;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  /** Video parts received, by index. */
  parts: ({ etag: string; bytes: Buffer } | undefined)[];
  /** The whole file once uploaded (and, for a video, finalized). */
  bytes: Buffer;
  readsLeft: number;
  failWith?: string;
  uploadToken?: string;
}

const invalid = (message: string): FakeAnswer => ({
  status: 400,
  body: { status: 400, code: 'INVALID_REQUEST', message },
});
