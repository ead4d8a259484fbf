import { MediaType } from '../../domain/media.js';
import type { MediaAttachment } from '../core/attachment.js';
import type { PublishRequest } from '../core/channel-adapter.js';
import {
  type AuthorizedCall,
  awaitProcessed,
  forAsset,
  multipartBody,
  type ProcessingState,
  uploadOnce,
} from './uploads.js';

/** X takes at most 5 MB an APPEND; 4 MiB chunks keep clear of it. */
export const X_CHUNK_BYTES = 4 * 1024 * 1024;

interface XProcessingInfo {
  state?: 'pending' | 'in_progress' | 'succeeded' | 'failed';
  check_after_secs?: number;
  error?: { message?: string; name?: string };
}

interface XMedia {
  id: string;
  processing_info?: XProcessingInfo;
}

/** X processes video and GIF asynchronously once an upload names its category. */
const processedAsynchronously = (attachment: MediaAttachment) =>
  attachment.kind === 'video' || attachment.type === MediaType.Gif;

const categoryOf = (attachment: MediaAttachment) =>
  attachment.kind === 'video'
    ? 'tweet_video'
    : attachment.type === MediaType.Gif
      ? 'tweet_gif'
      : 'tweet_image';

/**
 * Uploads each of the request's assets with X's chunked media upload (INIT, APPEND in
 * {@link X_CHUNK_BYTES} chunks, FINALIZE), or reuses the id an earlier attempt stored, waits
 * for X to process video and GIF (STATUS, as often as `check_after_secs` says), sets each
 * image's alt text as media metadata, and answers the ids in order for the post's
 * `media.media_ids`.
 *
 * @example
 * ```ts
 * const mediaIds = await xMediaIds(request, 'https://api.x.com', 'x', call);
 * ```
 */
export async function xMediaIds(
  request: PublishRequest,
  base: string,
  channel: string,
  call: AuthorizedCall,
): Promise<string[]> {
  const ids: string[] = [];
  for (const attachment of request.media ?? []) {
    let processing: XProcessingInfo | undefined;
    const { mediaId, reused } = await uploadOnce(request, attachment, async () => {
      const media = await chunkedUpload(attachment, base, call);
      processing = media.processing_info;
      return media.id;
    });
    if (processedAsynchronously(attachment) && (reused || processing)) {
      let seen = processing;
      await awaitProcessed('X', channel, attachment, request.remainingTimeMs, async () => {
        // The FINALIZE answer is the first look; each later one asks STATUS.
        const info = seen ?? (await status(attachment, mediaId, base, call));
        seen = undefined;
        return stateOf(info);
      });
    }
    if (attachment.alt && attachment.kind === 'image') {
      // Set on every attempt: the same text again is harmless, and a failure after the upload loses nothing.
      await forAsset('X', attachment, () =>
        call((auth) => ({
          method: 'POST',
          url: `${base}/2/media/metadata`,
          headers: auth,
          json: { id: mediaId, metadata: { alt_text: { text: attachment.alt } } },
          operation: 'media-metadata',
        })),
      );
    }
    ids.push(mediaId);
  }
  return ids;
}

async function chunkedUpload(
  attachment: MediaAttachment,
  base: string,
  call: AuthorizedCall,
): Promise<XMedia> {
  const data = await attachment.read();
  return forAsset('X', attachment, async () => {
    const init = await call((auth) => ({
      method: 'POST',
      url: `${base}/2/media/upload/initialize`,
      headers: auth,
      json: { media_type: attachment.type, total_bytes: data.length, media_category: categoryOf(attachment) },
      operation: 'upload-media',
    }));
    const id = (init.body as { data: XMedia }).data.id;
    const path = `${base}/2/media/upload/${encodeURIComponent(id)}`;
    for (let index = 0; index * X_CHUNK_BYTES < data.length; index += 1) {
      const chunk = data.subarray(index * X_CHUNK_BYTES, (index + 1) * X_CHUNK_BYTES);
      await call((auth) => ({
        method: 'POST',
        url: `${path}/append`,
        headers: auth,
        bytes: multipartBody(
          { segment_index: String(index) },
          { field: 'media', data: chunk, contentType: 'application/octet-stream' },
        ),
        operation: 'upload-media',
      }));
    }
    const finalized = await call((auth) => ({
      method: 'POST',
      url: `${path}/finalize`,
      headers: auth,
      operation: 'upload-media',
    }));
    return { id, processing_info: (finalized.body as { data?: XMedia })?.data?.processing_info };
  });
}

async function status(
  attachment: MediaAttachment,
  mediaId: string,
  base: string,
  call: AuthorizedCall,
): Promise<XProcessingInfo | undefined> {
  const query = new URLSearchParams({ command: 'STATUS', media_id: mediaId });
  const { body } = await forAsset('X', attachment, () =>
    call((auth) => ({
      method: 'GET',
      url: `${base}/2/media/upload?${query}`,
      headers: auth,
      operation: 'media-status',
    })),
  );
  return (body as { data?: XMedia })?.data?.processing_info;
}

function stateOf(info: XProcessingInfo | undefined): ProcessingState {
  if (!info || info.state === 'succeeded') return { state: 'ready' };
  if (info.state === 'failed') {
    return { state: 'failed', reason: info.error?.message ?? info.error?.name ?? 'processing failed' };
  }
  return { state: 'pending', checkAfterMs: Math.max(1, info.check_after_secs ?? 1) * 1000 };
}
