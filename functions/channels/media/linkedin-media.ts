import { assetsNamed, type MediaAttachment } from '../core/attachment.js';
import { ChannelFailure, type PublishRequest } from '../core/channel-adapter.js';
import { uploadOnce } from './uploads.js';

/*
 * LinkedIn takes media as uploads before the post: the Images API (initializeUpload, then PUT
 * the bytes) and the Videos API (initializeUpload, PUT each part, finalizeUpload), each naming
 * an URN the post's `content` carries once LinkedIn reports it AVAILABLE.
 */

type Resource = 'images' | 'videos';

/** The calls LinkedIn's media take, bound to the organization's session by its adapter. */
export interface LinkedInMediaCalls {
  channel: string;
  /** The organization URN that owns the uploads (the post's author). */
  owner: string;
  /** `POST /rest/{resource}?action={action}` with `json`: the answer's body. */
  action(resource: Resource, action: string, json: unknown): Promise<unknown>;
  /** PUTs bytes to an upload URL LinkedIn named: the answer's `etag`. */
  upload(url: string, bytes: Uint8Array): Promise<string | undefined>;
  /** `GET /rest/{resource}/{urn}`. */
  read(resource: Resource, urn: string): Promise<{ status?: string; processingFailureReason?: string }>;
}

const resourceOf = (medium: MediaAttachment): Resource => (medium.kind === 'video' ? 'videos' : 'images');

async function uploadImage(calls: LinkedInMediaCalls, medium: MediaAttachment): Promise<string> {
  const answer = (await calls.action('images', 'initializeUpload', {
    initializeUploadRequest: { owner: calls.owner },
  })) as { value?: { uploadUrl?: string; image?: string } };
  const { uploadUrl, image } = answer.value ?? {};
  if (!uploadUrl || !image) throw unexpected(calls, medium, 'the image upload named no uploadUrl and image');
  await calls.upload(uploadUrl, await medium.read());
  return image;
}

async function uploadVideo(calls: LinkedInMediaCalls, medium: MediaAttachment): Promise<string> {
  const data = await medium.read();
  const answer = (await calls.action('videos', 'initializeUpload', {
    initializeUploadRequest: {
      owner: calls.owner,
      fileSizeBytes: data.length,
      uploadCaptions: false,
      uploadThumbnail: false,
    },
  })) as {
    value?: {
      video?: string;
      uploadToken?: string;
      uploadInstructions?: { uploadUrl: string; firstByte: number; lastByte: number }[];
    };
  };
  const { video, uploadToken, uploadInstructions } = answer.value ?? {};
  if (!video || !uploadInstructions?.length) {
    throw unexpected(calls, medium, 'the video upload named no video and parts');
  }
  const partIds: string[] = [];
  for (const part of uploadInstructions) {
    const etag = await calls.upload(part.uploadUrl, data.subarray(part.firstByte, part.lastByte + 1));
    if (!etag)
      throw unexpected(calls, medium, `the part from byte ${part.firstByte} was stored without an ETag`);
    partIds.push(etag);
  }
  await calls.action('videos', 'finalizeUpload', {
    finalizeUploadRequest: { video, uploadToken: uploadToken ?? '', uploadedPartIds: partIds },
  });
  return video;
}

function unexpected(calls: LinkedInMediaCalls, medium: MediaAttachment, what: string): ChannelFailure {
  return new ChannelFailure(`LinkedIn answered asset ${medium.assetId} unexpectedly: ${what}`, {
    kind: 'transient',
    context: { channel: calls.channel, assetId: medium.assetId },
  });
}

/**
 * The post's `content` for its library media, each asset uploaded once: an URN an earlier
 * attempt stored (`request.uploadedMedia`) is reused, a new one is stored once its bytes are
 * all sent (and, for a video, the upload finalized). Every URN must be AVAILABLE before the
 * post is made: one still PROCESSING is a `processing` failure (the workflow waits and asks
 * again), PROCESSING_FAILED a permanent failure naming the asset. One image or video is
 * `content.media` (an image with its `altText`); several images are `content.multiImage`.
 * Undefined without media.
 *
 * @example
 * ```ts
 * const content = await linkedInMediaContent(calls, request); // { media: { id: 'urn:li:image:C4E…', altText: 'A cup' } }
 * ```
 */
export async function linkedInMediaContent(
  calls: LinkedInMediaCalls,
  request: PublishRequest,
): Promise<Record<string, unknown> | undefined> {
  const media = request.media ?? [];
  if (media.length === 0) return undefined;
  const uploaded: { id: string; altText?: string }[] = [];
  const processing: MediaAttachment[] = [];
  for (const medium of media) {
    const { mediaId: urn } = await uploadOnce(request, medium, () =>
      medium.kind === 'video' ? uploadVideo(calls, medium) : uploadImage(calls, medium),
    );
    const state = await calls.read(resourceOf(medium), urn);
    if (state.status === 'PROCESSING_FAILED') {
      const reason = state.processingFailureReason ? `: ${state.processingFailureReason}` : '';
      throw new ChannelFailure(
        `LinkedIn could not process asset ${medium.assetId} (${urn}, PROCESSING_FAILED${reason})`,
        {
          kind: 'permanent',
          context: { channel: calls.channel, assetId: medium.assetId, status: state.status },
        },
      );
    }
    if (state.status !== 'AVAILABLE') processing.push(medium);
    uploaded.push({ id: urn, ...(medium.kind === 'image' && medium.alt ? { altText: medium.alt } : {}) });
  }
  if (processing.length > 0) {
    throw new ChannelFailure(`LinkedIn is still processing ${assetsNamed(processing)}`, {
      kind: 'processing',
      context: { channel: calls.channel },
    });
  }
  const [only] = uploaded;
  return uploaded.length === 1 && only ? { media: only } : { multiImage: { images: uploaded } };
}
