import type { MediaAttachment } from '../core/attachment.js';
import type { PlatformRequest, PlatformResponse } from '../core/http.js';
import { forAsset } from './uploads.js';

/** A blob reference as the PDS answers `com.atproto.repo.uploadBlob`. */
export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/** What uploading posts' media to the PDS needs: an authenticated call and the XRPC address of a method. */
type PdsCall = (build: (session: { accessJwt: string }) => PlatformRequest) => Promise<PlatformResponse>;

/**
 * Uploads a post's media to the PDS (`com.atproto.repo.uploadBlob`) and answers the embed the
 * post record carries; undefined without media. Images become an `app.bsky.embed.images`
 * embed, each with its alt text (the lexicon requires the field) and aspect ratio; a video an
 * `app.bsky.embed.video` embed with its alt text and aspect ratio. A blob is addressed by its
 * content, so an upload repeated by a retry names the same blob and creates nothing new.
 *
 * @example
 * ```ts
 * const embed = await blueskyMediaEmbed(request.media, (build) => call(build), xrpc);
 * ```
 */
export async function blueskyMediaEmbed(
  media: readonly MediaAttachment[] | undefined,
  call: PdsCall,
  xrpc: (method: string) => string,
): Promise<Record<string, unknown> | undefined> {
  const video = (media ?? []).find((m) => m.kind === 'video');
  if (!video) return blueskyImageEmbed(media, call, xrpc);
  return {
    $type: 'app.bsky.embed.video',
    video: await uploadBlob(video, call, xrpc),
    ...(video.alt ? { alt: video.alt } : {}),
    aspectRatio: { width: video.width, height: video.height },
  };
}

/** The `app.bsky.embed.images` embed of a post's images (see {@link blueskyMediaEmbed}). */
async function blueskyImageEmbed(
  media: readonly MediaAttachment[] | undefined,
  call: PdsCall,
  xrpc: (method: string) => string,
): Promise<Record<string, unknown> | undefined> {
  const images = (media ?? []).filter((m) => m.kind === 'image');
  if (images.length === 0) return undefined;
  const uploaded = [];
  for (const image of images) {
    uploaded.push({
      image: await uploadBlob(image, call, xrpc),
      alt: image.alt ?? '',
      aspectRatio: { width: image.width, height: image.height },
    });
  }
  return { $type: 'app.bsky.embed.images', images: uploaded };
}

async function uploadBlob(
  attachment: MediaAttachment,
  call: PdsCall,
  xrpc: (method: string) => string,
): Promise<BlobRef> {
  const data = await attachment.read();
  const { body } = await forAsset('Bluesky', attachment, () =>
    call((session) => ({
      method: 'POST',
      url: xrpc('com.atproto.repo.uploadBlob'),
      headers: { authorization: `Bearer ${session.accessJwt}` },
      bytes: { data, contentType: attachment.type },
      operation: 'upload-media',
    })),
  );
  return (body as { blob: BlobRef }).blob;
}
