import type { MediaAttachment } from '../../functions/channels/core/attachment.js';
import type { PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import { type MediaFacts, sniffMedia } from '../../functions/domain/media.js';

/**
 * A library asset as an adapter receives it, from a file's bytes (its type, size and
 * dimensions read from them, as the library does); `reads` counts how often it was read.
 *
 * @example
 * ```ts
 * const image = attachmentOf('a-1', png(1200, 675), 'A cup on a table');
 * ```
 */
export function attachmentOf(
  assetId: string,
  file: Buffer,
  alt?: string,
): MediaAttachment & { reads: number; facts: MediaFacts } {
  const facts = sniffMedia(new Uint8Array(file));
  const attachment = {
    assetId,
    type: facts.type,
    kind: facts.kind,
    width: facts.width,
    height: facts.height,
    bytes: file.length,
    sha256: `sha-${assetId}`,
    alt,
    facts,
    reads: 0,
    read: async () => {
      attachment.reads += 1;
      return new Uint8Array(file);
    },
  };
  return attachment;
}

let requests = 0;

/**
 * A fresh publish request on `channel` carrying `media`, whose uploads are stored into
 * `stored` (as the publish record keeps them) and read back from it as they stand now.
 *
 * @example
 * ```ts
 * const stored = {};
 * const request = mediaRequest('x', [image], stored);
 * await adapter.publish(request).catch(() => undefined);
 * await adapter.publish({ ...request, uploadedMedia: { ...stored } });
 * ```
 */
export function mediaRequest(
  channel: string,
  media: PublishRequest['media'],
  stored: Record<string, string> = {},
): PublishRequest {
  requests += 1;
  const postId = `${channel}-media-${requests}`;
  return {
    idempotencyKey: `${postId}:${channel}:r1`,
    postId,
    content: { text: `The spring blend ${requests}`, assets: media?.map((m) => m.assetId) },
    notBefore: new Date().toISOString(),
    media,
    uploadedMedia: { ...stored },
    onMediaUploaded: async (assetId, mediaId) => {
      stored[assetId] = mediaId;
    },
  };
}

/**
 * What `publish` is refused with while the fake platform fails every video it processes
 * (`media.failVideos`), the platform working again afterwards.
 *
 * @example
 * ```ts
 * const failure = await whileVideosFail(x.media, () => adapter.publish(request));
 * ```
 */
export async function whileVideosFail(media: { failVideos: boolean }, publish: () => Promise<unknown>) {
  media.failVideos = true;
  try {
    return await publish().catch((e: unknown) => e);
  } finally {
    media.failVideos = false;
  }
}
