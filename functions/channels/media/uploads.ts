import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { HANDLER_TIMEOUT_SECONDS } from '../../domain/function-timeout.js';
import type { MediaAttachment } from '../core/attachment.js';
import { ChannelFailure, type PublishRequest } from '../core/channel-adapter.js';
import type { PlatformRequest, PlatformResponse } from '../core/http.js';

/** A call with the account's `Authorization` header (a media module never sees the token). */
export type AuthorizedCall = (
  build: (auth: Record<string, string>) => PlatformRequest,
) => Promise<PlatformResponse>;

/** Time kept back from polling for the post call and its record once the media is ready. */
export const POST_RESERVE_MS = 8_000;

/**
 * The platform's media id for one asset: the one an earlier attempt stored on the publish
 * record, else a fresh upload whose id is stored (`onMediaUploaded`) before anything else
 * can fail, so no later attempt uploads the asset again.
 *
 * @example
 * ```ts
 * const mediaId = await uploadOnce(request, image, async () => (await upload(image)).id);
 * ```
 */
export async function uploadOnce(
  request: Pick<PublishRequest, 'uploadedMedia' | 'onMediaUploaded'>,
  attachment: MediaAttachment,
  upload: () => Promise<string>,
): Promise<{ mediaId: string; reused: boolean }> {
  const earlier = request.uploadedMedia?.[attachment.assetId];
  if (earlier) return { mediaId: earlier, reused: true };
  const mediaId = await upload();
  await request.onMediaUploaded?.(attachment.assetId, mediaId);
  return { mediaId, reused: false };
}

/** What one look at an upload's processing found. */
export type ProcessingState =
  | { state: 'ready' }
  | { state: 'pending'; checkAfterMs: number }
  | { state: 'failed'; reason: string };

/**
 * Looks at an upload until the platform has processed it, waiting what each look names,
 * within the function's remaining time less {@link POST_RESERVE_MS}. Still pending then: a
 * `processing` {@link ChannelFailure} (the workflow checks again later; the stored id is
 * reused, nothing is uploaded again). Failed: a permanent one naming the asset.
 *
 * @example
 * ```ts
 * await awaitProcessed('Mastodon', 'mastodon', video, request.remainingTimeMs, () => look(mediaId));
 * ```
 */
export async function awaitProcessed(
  platform: string,
  channel: string,
  attachment: MediaAttachment,
  remainingTimeMs: (() => number) | undefined,
  look: () => Promise<ProcessingState>,
): Promise<void> {
  // performance.now, not Date: the local twin's clock may jump forward during a wait.
  const started = performance.now();
  const left = () =>
    remainingTimeMs ? remainingTimeMs() : HANDLER_TIMEOUT_SECONDS * 1000 - (performance.now() - started);
  const context = { channel, assetId: attachment.assetId, platform };
  for (;;) {
    const seen = await look();
    if (seen.state === 'ready') return;
    if (seen.state === 'failed') {
      throw new ChannelFailure(
        `${platform} could not process asset ${attachment.assetId} (${attachment.type}): ${seen.reason}`,
        { kind: 'permanent', context: { ...context, rule: 'media-processing' } },
      );
    }
    if (left() - seen.checkAfterMs < POST_RESERVE_MS) {
      throw new ChannelFailure(
        `${platform} is still processing asset ${attachment.assetId} (${attachment.type})`,
        { kind: 'processing', context },
      );
    }
    await sleep(seen.checkAfterMs);
  }
}

/**
 * A `multipart/form-data` body of text fields and one file, as media endpoints take it.
 *
 * @example
 * ```ts
 * const body = multipartBody({ description: 'A cup' }, { field: 'file', data, contentType: 'image/png' });
 * await call({ method: 'POST', url, bytes: body, operation: 'upload-media' });
 * ```
 */
export function multipartBody(
  fields: Record<string, string>,
  file: { field: string; data: Uint8Array; contentType: string; fileName?: string },
): { data: Uint8Array; contentType: string } {
  const boundary = `brandflow-${randomUUID()}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName ?? 'media'}"\r\n` +
        `Content-Type: ${file.contentType}\r\n\r\n`,
    ),
    Buffer.from(file.data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    data: new Uint8Array(Buffer.concat(parts)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * Runs one media call of an asset; a failure names the asset and is never `ambiguous`: an
 * upload that may have reached the platform creates no post, so the next attempt may post.
 *
 * @example
 * ```ts
 * const media = await forAsset('Mastodon', image, () => call(build));
 * ```
 */
export async function forAsset<T>(
  platform: string,
  attachment: MediaAttachment,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ChannelFailure)) throw error;
    throw new ChannelFailure(
      `${platform} media upload of asset ${attachment.assetId} (${attachment.type}) failed: ${error.message}`,
      {
        kind: error.kind,
        retryAfterSeconds: error.retryAfterSeconds,
        reconnect: error.reconnect,
        cause: error,
        context: { ...error.context, assetId: attachment.assetId },
      },
    );
  }
}
