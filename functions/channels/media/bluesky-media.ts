import type { PlatformRequest, PlatformResponse } from '../http.js';
import type { MediaAttachment } from './attachment.js';

/** A blob reference as the PDS answers `com.atproto.repo.uploadBlob`. */
export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/**
 * Uploads a post's images to the PDS (`com.atproto.repo.uploadBlob`) and answers the
 * `app.bsky.embed.images` embed the post record carries, each image with its alt text (the
 * lexicon requires the field) and aspect ratio; undefined without media. A blob is addressed
 * by its content, so an upload repeated by a retry names the same blob.
 *
 * @example
 * ```ts
 * const embed = await blueskyImageEmbed(request.media, (build) => call(build), xrpc);
 * ```
 */
export async function blueskyImageEmbed(
  media: readonly MediaAttachment[] | undefined,
  call: (build: (session: { accessJwt: string }) => PlatformRequest) => Promise<PlatformResponse>,
  xrpc: (method: string) => string,
): Promise<Record<string, unknown> | undefined> {
  const images = (media ?? []).filter((m) => m.kind === 'image');
  if (images.length === 0) return undefined;
  const uploaded = [];
  for (const image of images) {
    const data = await image.read();
    const { body } = await call((session) => ({
      method: 'POST',
      url: xrpc('com.atproto.repo.uploadBlob'),
      headers: { authorization: `Bearer ${session.accessJwt}` },
      bytes: { data, contentType: image.type },
      operation: 'upload-media',
    }));
    uploaded.push({
      image: (body as { blob: BlobRef }).blob,
      alt: image.alt ?? '',
      aspectRatio: { width: image.width, height: image.height },
    });
  }
  return { $type: 'app.bsky.embed.images', images: uploaded };
}
