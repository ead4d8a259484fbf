import { assetsNamed, type MediaAttachment } from '../core/attachment.js';
import { ChannelFailure, type PublishRequest } from '../core/channel-adapter.js';

/*
 * Instagram and Threads take media as containers the platform fills itself from a URL: each
 * asset is handed over as a presigned GET of its stored version, and the platform fetches it
 * (images at once, videos while it processes them).
 */

/** How long the platform may take to fetch an asset: videos are fetched while they process. */
export const MEDIA_URL_SECONDS = 3600;

/** A media container's state as the platform reports it, and why when it failed. */
export interface ContainerState {
  /** IN_PROGRESS, FINISHED, ERROR, EXPIRED or PUBLISHED; undefined when the platform named none. */
  code?: string;
  /** The platform's reason (`status` on Instagram, `error_message` on Threads). */
  reason?: string;
}

/** The calls a container platform's media take, bound to the account by its adapter. */
export interface ContainerCalls {
  platform: 'Instagram' | 'Threads';
  channel: string;
  /** `POST /{user-id}/media` (or `/threads`) with `form`: the new container's id. */
  create(form: Record<string, string>): Promise<string>;
  state(containerId: string): Promise<ContainerState>;
}

/**
 * The fields a container's status is read with: Instagram names it `status_code` (and a
 * sentence in `status`), Threads `status` (and a code in `error_message`).
 *
 * @example
 * ```ts
 * get(containerId, { fields: containerStateFields('Threads') }); // fields=status,error_message
 * ```
 */
export function containerStateFields(platform: ContainerCalls['platform']): string {
  return platform === 'Instagram' ? 'status_code,status' : 'status,error_message';
}

/**
 * A container's state from the platform's answer to {@link containerStateFields}.
 *
 * @example
 * ```ts
 * readContainerState('Threads', { status: 'ERROR', error_message: 'FAILED_PROCESSING_VIDEO' }); // { code: 'ERROR', reason: 'FAILED_PROCESSING_VIDEO' }
 * ```
 */
export function readContainerState(platform: ContainerCalls['platform'], body: unknown): ContainerState {
  const answer = (body ?? {}) as Record<string, string | undefined>;
  return platform === 'Instagram'
    ? { code: answer.status_code, reason: answer.status }
    : { code: answer.status, reason: answer.error_message };
}

/** The fields of one asset's container: a single post's medium or a carousel item. */
function mediumFields(
  platform: ContainerCalls['platform'],
  medium: MediaAttachment,
  url: string,
  carouselItem: boolean,
): Record<string, string> {
  const video = medium.kind === 'video';
  // Instagram publishes a lone video as a reel; Threads takes alt text on video as well.
  const type = video
    ? platform === 'Instagram' && !carouselItem
      ? 'REELS'
      : 'VIDEO'
    : platform === 'Threads'
      ? 'IMAGE'
      : undefined;
  const fields: Record<string, string> = video ? { video_url: url } : { image_url: url };
  if (type) fields.media_type = type;
  if (medium.alt && (!video || platform === 'Threads')) fields.alt_text = medium.alt;
  if (carouselItem) fields.is_carousel_item = 'true';
  return fields;
}

async function urlOf(medium: MediaAttachment, calls: ContainerCalls): Promise<string> {
  if (!medium.fetchUrl) {
    throw new ChannelFailure(`asset ${medium.assetId} has no URL ${calls.platform} could fetch it from`, {
      kind: 'permanent',
      context: { channel: calls.channel, assetId: medium.assetId },
    });
  }
  return medium.fetchUrl(MEDIA_URL_SECONDS);
}

/**
 * A permanent failure for a container the platform could not process, naming its assets and
 * the platform's reason.
 *
 * @example
 * ```ts
 * throw failedContainer(calls, 'asset a-1', '1790', { code: 'ERROR', reason: 'FAILED_PROCESSING_VIDEO' });
 * ```
 */
export function failedContainer(
  calls: Pick<ContainerCalls, 'platform' | 'channel'>,
  named: string,
  containerId: string,
  state: ContainerState,
): ChannelFailure {
  const why =
    state.code === 'EXPIRED' ? 'expired before it was published (24 hours)' : 'could not be processed';
  const reason = state.reason ? `: ${state.reason}` : '';
  return new ChannelFailure(
    `${calls.platform} media container ${containerId} of ${named} ${why} (${state.code}${reason})`,
    { kind: 'permanent', context: { channel: calls.channel, containerId, status: state.code } },
  );
}

/**
 * The carousel's item containers, in the assets' order: an item an earlier attempt created
 * (`request.uploadedMedia`) is reused unless it expired, a new one is stored the moment the
 * platform names it (`onMediaUploaded`). Every item must be `FINISHED` before the carousel
 * container is made: one still processing is a `processing` failure (the workflow waits and
 * asks again, creating nothing twice), one in `ERROR` a permanent failure naming its asset.
 */
async function carouselItems(calls: ContainerCalls, request: PublishRequest): Promise<string[]> {
  const ids: string[] = [];
  const processing: string[] = [];
  for (const medium of request.media ?? []) {
    let id = request.uploadedMedia?.[medium.assetId];
    let state = id ? await calls.state(id) : undefined;
    // An item expires unpublished after 24 hours: a new one is safe.
    if (!id || state?.code === 'EXPIRED') {
      id = await calls.create(mediumFields(calls.platform, medium, await urlOf(medium, calls), true));
      await request.onMediaUploaded?.(medium.assetId, id);
      state = await calls.state(id);
    }
    if (state?.code === 'ERROR') throw failedContainer(calls, `asset ${medium.assetId}`, id, state);
    if (state?.code !== 'FINISHED') processing.push(medium.assetId);
    ids.push(id);
  }
  if (processing.length > 0) {
    throw new ChannelFailure(
      `${calls.platform} is still processing ${assetsNamed(processing.map((assetId) => ({ assetId })))}`,
      {
        kind: 'processing',
        context: { channel: calls.channel },
      },
    );
  }
  return ids;
}

/**
 * The form of the container a post with library media publishes: the one asset's own
 * container (a reel for an Instagram video), or a `CAROUSEL` of item containers made first
 * (see {@link carouselItems}). `caption` is the text field and its value.
 *
 * @example
 * ```ts
 * const form = await mediaContainerForm(calls, request, { text: 'Spring is here' });
 * const containerId = await calls.create(form);
 * ```
 */
export async function mediaContainerForm(
  calls: ContainerCalls,
  request: PublishRequest,
  caption: Record<string, string>,
): Promise<Record<string, string>> {
  const media = request.media ?? [];
  const [only] = media;
  if (media.length === 1 && only) {
    return { ...mediumFields(calls.platform, only, await urlOf(only, calls), false), ...caption };
  }
  const children = await carouselItems(calls, request);
  return { media_type: 'CAROUSEL', children: children.join(','), ...caption };
}
