import type { MediaAttachment } from '../core/attachment.js';
import { ChannelFailure, type PublishRequest } from '../core/channel-adapter.js';
import { MEDIA_URL_SECONDS } from './graph-media.js';
import { uploadOnce } from './uploads.js';

/*
 * Facebook Pages fetch media themselves, from a presigned GET of the stored version: one photo
 * is posted on `/photos` with its caption, several are uploaded unpublished and attached to one
 * `/feed` post, a video is posted on `/videos` and published by Facebook once processed.
 */

/** The calls a Page's media take, bound to the Page and its token by the adapter. */
export interface FacebookMediaCalls {
  channel: string;
  /** `POST /{page-id}/{edge}` with `form`: the answer's body. */
  post(edge: 'photos' | 'feed' | 'videos', form: Record<string, string>): Promise<unknown>;
  /** `GET /{id}?fields=…`: the answer's body. */
  read(id: string, fields: string): Promise<unknown>;
}

async function urlOf(medium: MediaAttachment, channel: string): Promise<string> {
  if (!medium.fetchUrl) {
    throw new ChannelFailure(`asset ${medium.assetId} has no URL Facebook could fetch it from`, {
      kind: 'permanent',
      context: { channel, assetId: medium.assetId },
    });
  }
  return medium.fetchUrl(MEDIA_URL_SECONDS);
}

const altOf = (medium: MediaAttachment): Record<string, string> =>
  medium.alt ? { alt_text_custom: medium.alt } : {};

/**
 * The Page's video post: made once (its id stored at once with `onMediaUploaded`, so a retry
 * never posts it again), then its `status.video_status` read: `ready` is the post, `error` a
 * permanent failure naming the asset, anything else a `processing` failure (the workflow waits
 * and reads again).
 */
async function publishVideo(
  calls: FacebookMediaCalls,
  request: PublishRequest,
  video: MediaAttachment,
  text: string,
): Promise<string> {
  const { mediaId: id } = await uploadOnce(request, video, async () => {
    const answer = (await calls.post('videos', {
      file_url: await urlOf(video, calls.channel),
      description: text,
    })) as { id: string };
    return answer.id;
  });
  const { status } = (await calls.read(id, 'status')) as {
    status?: { video_status?: string; processing_phase?: { errors?: { message?: string }[] } };
  };
  if (status?.video_status === 'ready') return id;
  if (status?.video_status === 'error') {
    const reason = status.processing_phase?.errors?.[0]?.message;
    throw new ChannelFailure(
      `Facebook could not process asset ${video.assetId} (video ${id}${reason ? `: ${reason}` : ''})`,
      { kind: 'permanent', context: { channel: calls.channel, assetId: video.assetId } },
    );
  }
  throw new ChannelFailure(`Facebook is still processing asset ${video.assetId} (video ${id})`, {
    kind: 'processing',
    context: { channel: calls.channel },
  });
}

/**
 * Publishes a post with library media on a Page and answers its id: one video on `/videos`
 * (`file_url`), one photo on `/photos` (`url`, the text as caption), several photos each
 * uploaded unpublished (`published=false`, their ids stored with `onMediaUploaded` and reused
 * on a retry) and attached in order to one `/feed` post (`attached_media`). Alt text goes in
 * `alt_text_custom`.
 *
 * @example
 * ```ts
 * const postId = await publishFacebookMedia(calls, request, composeText(request.content));
 * ```
 */
export async function publishFacebookMedia(
  calls: FacebookMediaCalls,
  request: PublishRequest,
  text: string,
): Promise<string> {
  const media = request.media ?? [];
  const [first] = media;
  if (first?.kind === 'video') return publishVideo(calls, request, first, text);
  if (media.length === 1 && first) {
    const answer = (await calls.post('photos', {
      url: await urlOf(first, calls.channel),
      caption: text,
      ...altOf(first),
    })) as { id: string; post_id?: string };
    return answer.post_id ?? answer.id;
  }
  const attached: Record<string, string> = {};
  for (const [index, photo] of media.entries()) {
    const { mediaId: id } = await uploadOnce(request, photo, async () => {
      const answer = (await calls.post('photos', {
        url: await urlOf(photo, calls.channel),
        published: 'false',
        ...altOf(photo),
      })) as { id: string };
      return answer.id;
    });
    attached[`attached_media[${index}]`] = JSON.stringify({ media_fbid: id });
  }
  const answer = (await calls.post('feed', { message: text, ...attached })) as { id: string };
  return answer.id;
}
