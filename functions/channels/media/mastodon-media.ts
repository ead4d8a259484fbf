import type { MediaType } from '../../domain/media.js';
import { type MediaLimits, mediaLimitsFor } from '../../domain/media-rules.js';
import type { MediaAttachment } from '../core/attachment.js';
import { ChannelFailure, type PublishRequest } from '../core/channel-adapter.js';
import {
  type AuthorizedCall,
  awaitProcessed,
  forAsset,
  multipartBody,
  type ProcessingState,
  uploadOnce,
} from './uploads.js';

/** The part of `GET /api/v2/instance` that says what the instance takes. */
export interface MastodonInstanceConfiguration {
  statuses?: { max_media_attachments?: number };
  media_attachments?: {
    supported_mime_types?: string[];
    image_size_limit?: number;
    video_size_limit?: number;
  };
}

/**
 * A Mastodon instance's media limits: its own figures where it states them, else Mastodon's
 * defaults (functions/domain/media-rules.ts). A type the instance does not list is refused.
 *
 * @example
 * ```ts
 * mastodonMediaLimits({ media_attachments: { image_size_limit: 8_388_608 } }).maxImageBytes; // 8388608
 * ```
 */
export function mastodonMediaLimits(configuration: MastodonInstanceConfiguration | undefined): MediaLimits {
  const defaults = mediaLimitsFor('mastodon');
  const attachments = configuration?.media_attachments;
  const supported = attachments?.supported_mime_types;
  const listed = (types: readonly MediaType[]) =>
    supported ? types.filter((t) => supported.includes(t)) : types;
  const positive = (value: number | undefined, fallback: number) =>
    Number.isFinite(value) && (value as number) > 0 ? Math.floor(value as number) : fallback;
  const maxAttachments = positive(configuration?.statuses?.max_media_attachments, defaults.maxImages);
  return {
    ...defaults,
    maxImages: maxAttachments,
    maxVideos: Math.min(defaults.maxVideos, maxAttachments),
    imageTypes: listed(defaults.imageTypes),
    videoTypes: listed(defaults.videoTypes),
    maxImageBytes: positive(attachments?.image_size_limit, defaults.maxImageBytes),
    maxVideoBytes: positive(attachments?.video_size_limit, defaults.maxVideoBytes),
  };
}

/** How long an instance's limits are trusted before they are read again. */
const INSTANCE_LIMITS_TTL_MS = 60 * 60_000;
const instanceLimits = new Map<string, { limits: MediaLimits; until: number }>();

/**
 * The instance's media limits (`GET /api/v2/instance`), read once an hour per instance. An
 * instance that cannot be read now gives Mastodon's defaults, not cached: the upload's own
 * answer still refuses what the instance does not take.
 *
 * @example
 * ```ts
 * const limits = await readInstanceMediaLimits('https://mastodon.social', call);
 * ```
 */
export async function readInstanceMediaLimits(base: string, call: AuthorizedCall): Promise<MediaLimits> {
  const cached = instanceLimits.get(base);
  if (cached && cached.until > Date.now()) return cached.limits;
  try {
    const { body } = await call((auth) => ({
      method: 'GET',
      url: `${base}/api/v2/instance`,
      headers: auth,
      operation: 'instance',
    }));
    const limits = mastodonMediaLimits(
      (body as { configuration?: MastodonInstanceConfiguration })?.configuration,
    );
    instanceLimits.set(base, { limits, until: Date.now() + INSTANCE_LIMITS_TTL_MS });
    return limits;
  } catch (error) {
    if (error instanceof ChannelFailure && error.reconnect) throw error;
    return mastodonMediaLimits(undefined);
  }
}

interface MastodonMedia {
  id: string;
  url?: string | null;
}

/** Waits between looks at a processing upload: short first, then longer. */
const pollWaitMs = (look: number) => Math.min(500 * 2 ** look, 4_000);

/**
 * Uploads each of the request's assets with Mastodon's v2 media API (`description` is its
 * alt text), or reuses the id an earlier attempt stored, then waits until the instance has
 * processed each (a 202 or 206 answer has no `url` yet) and answers the ids in order for the
 * status's `media_ids`.
 *
 * @example
 * ```ts
 * const mediaIds = await mastodonMediaIds(request, base, 'mastodon', call);
 * ```
 */
export async function mastodonMediaIds(
  request: PublishRequest,
  base: string,
  channel: string,
  call: AuthorizedCall,
): Promise<string[]> {
  const ids: string[] = [];
  for (const attachment of request.media ?? []) {
    let ready = false;
    const { mediaId } = await uploadOnce(request, attachment, async () => {
      const media = await upload(attachment, base, call);
      ready = Boolean(media.url);
      return media.id;
    });
    if (!ready) {
      let looks = 0;
      await awaitProcessed('Mastodon', channel, attachment, request.remainingTimeMs, async () => {
        const state = await processingState(mediaId, base, call, pollWaitMs(looks));
        looks += 1;
        return state;
      });
    }
    ids.push(mediaId);
  }
  return ids;
}

async function upload(
  attachment: MediaAttachment,
  base: string,
  call: AuthorizedCall,
): Promise<MastodonMedia> {
  const data = await attachment.read();
  const { body } = await forAsset('Mastodon', attachment, () =>
    call((auth) => ({
      method: 'POST',
      url: `${base}/api/v2/media`,
      headers: auth,
      bytes: multipartBody(attachment.alt ? { description: attachment.alt } : {}, {
        field: 'file',
        data,
        contentType: attachment.type,
        fileName: attachment.assetId,
      }),
      operation: 'upload-media',
    })),
  );
  return body as MastodonMedia;
}

async function processingState(
  mediaId: string,
  base: string,
  call: AuthorizedCall,
  waitMs: number,
): Promise<ProcessingState> {
  try {
    const { body } = await call((auth) => ({
      method: 'GET',
      url: `${base}/api/v1/media/${encodeURIComponent(mediaId)}`,
      headers: auth,
      operation: 'media-status',
    }));
    return (body as MastodonMedia).url ? { state: 'ready' } : { state: 'pending', checkAfterMs: waitMs };
  } catch (error) {
    // 422: the instance could not process the file; 404: the upload is gone.
    if (error instanceof ChannelFailure && !error.retryable && !error.reconnect) {
      return { state: 'failed', reason: error.message };
    }
    throw error;
  }
}
