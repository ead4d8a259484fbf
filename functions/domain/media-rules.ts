import { problem } from '../contract/problems.js';
import type { AssetRecord } from './asset.js';
import type { InputProblem } from './errors.js';
import { MediaType } from './media.js';
import { variantNeed } from './media-variants.js';

/*
 * What each platform takes in one post, checked before review and again at publish time.
 * Figures from the platforms' documentation (docs/media.md cites them); a Mastodon instance's
 * own limits, read from `/api/v2/instance`, replace its defaults where known.
 */

/** One platform's media limits for one post. */
export interface MediaLimits {
  maxImages: number;
  /** The fewest images a multi-image post takes (LinkedIn: 2), when more than one. */
  minImagesWhenMany?: number;
  maxVideos: number;
  /** Whether images and a video may share a post (Instagram and Threads carousels). */
  mixes: boolean;
  imageTypes: readonly MediaType[];
  videoTypes: readonly MediaType[];
  maxImageBytes: number;
  maxVideoBytes: number;
  maxImageSide?: number;
  minVideoSeconds?: number;
  maxVideoSeconds?: number;
  /** Width / height bounds (Instagram feed images: 4:5 to 1.91:1). */
  minAspect?: number;
  maxAspect?: number;
  /** The platform refuses an image without alternative text (Bluesky's lexicon). */
  altRequired: boolean;
}

const MB = 1024 * 1024;
const STILL = [MediaType.Jpeg, MediaType.Png, MediaType.Webp] as const;
const IMAGES = [...STILL, MediaType.Gif] as const;
const VIDEOS = [MediaType.Mp4, MediaType.QuickTime] as const;

/** The limits per channel adapter; the sandbox and webhook adapters take what X takes. */
export const platformMediaLimits: Readonly<Record<string, MediaLimits>> = {
  bluesky: {
    maxImages: 4,
    maxVideos: 1,
    mixes: false,
    imageTypes: IMAGES,
    videoTypes: [MediaType.Mp4],
    maxImageBytes: 1_000_000,
    maxVideoBytes: 100 * MB,
    maxVideoSeconds: 180,
    altRequired: true,
  },
  mastodon: {
    maxImages: 4,
    maxVideos: 1,
    mixes: false,
    imageTypes: IMAGES,
    videoTypes: VIDEOS,
    maxImageBytes: 16 * MB,
    maxVideoBytes: 99 * MB,
    altRequired: false,
  },
  x: {
    maxImages: 4,
    maxVideos: 1,
    mixes: false,
    imageTypes: IMAGES,
    videoTypes: VIDEOS,
    maxImageBytes: 5 * MB,
    maxVideoBytes: 512 * MB,
    minVideoSeconds: 0.5,
    maxVideoSeconds: 140,
    altRequired: false,
  },
  linkedin: {
    maxImages: 20,
    minImagesWhenMany: 2,
    maxVideos: 1,
    mixes: false,
    imageTypes: [MediaType.Jpeg, MediaType.Png, MediaType.Gif],
    videoTypes: [MediaType.Mp4],
    maxImageBytes: 36_152_320,
    maxVideoBytes: 500 * MB,
    minVideoSeconds: 3,
    maxVideoSeconds: 30 * 60,
    altRequired: false,
  },
  instagram: {
    maxImages: 10,
    maxVideos: 10,
    mixes: true,
    imageTypes: [MediaType.Jpeg],
    videoTypes: VIDEOS,
    maxImageBytes: 8 * MB,
    maxVideoBytes: 300 * MB,
    minVideoSeconds: 3,
    maxVideoSeconds: 15 * 60,
    minAspect: 4 / 5,
    maxAspect: 1.91,
    altRequired: false,
  },
  threads: {
    maxImages: 20,
    maxVideos: 20,
    mixes: true,
    imageTypes: [MediaType.Jpeg, MediaType.Png],
    videoTypes: VIDEOS,
    maxImageBytes: 8 * MB,
    maxVideoBytes: 1024 * MB,
    maxVideoSeconds: 5 * 60,
    maxImageSide: 1440,
    altRequired: false,
  },
  facebook: {
    maxImages: 10,
    maxVideos: 1,
    mixes: false,
    imageTypes: IMAGES,
    videoTypes: VIDEOS,
    maxImageBytes: 4 * MB,
    maxVideoBytes: 1024 * MB,
    maxVideoSeconds: 240 * 60,
    altRequired: false,
  },
};

/** The limits for a channel adapter: its own, else X's (the strictest common set). */
export const mediaLimitsFor = (adapter: string): MediaLimits =>
  platformMediaLimits[adapter] ?? (platformMediaLimits.x as MediaLimits);

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/**
 * Every reason the assets of one channel's content do not fit its platform: count, mixing,
 * type, size, dimensions or aspect ratio, duration, and alternative text where the platform
 * requires it or the brand's policy does (`altTextRequired`). An image over the byte or side
 * limit fits when a smaller variant can be made of it (functions/domain/media-variants.ts),
 * posted in its place. Each problem names the asset
 * (`content.<channel>.assets.<assetId>`) and the rule. Only ready assets are checked here;
 * `usabilityProblems` (functions/domain/asset.ts) says why another is not usable.
 *
 * @example
 * ```ts
 * channelMediaProblems('bluesky', 'bluesky', assets, { altTextRequired: false }); // [] when they fit
 * ```
 */
export function channelMediaProblems(
  channelId: string,
  adapter: string,
  assets: readonly AssetRecord[],
  options: { altTextRequired: boolean; altLanguage?: string; limits?: MediaLimits },
): InputProblem[] {
  const limits = options.limits ?? mediaLimitsFor(adapter);
  const problems: InputProblem[] = [];
  const base = `content.${channelId}.assets`;
  const ready = assets.filter((a) => a.media);
  const images = ready.filter((a) => a.media?.kind === 'image');
  const videos = ready.filter((a) => a.media?.kind === 'video');
  if (images.length > limits.maxImages) {
    problems.push(
      problem(base, 'media-count', `${adapter} takes at most ${limits.maxImages} images in a post`),
    );
  }
  if (limits.minImagesWhenMany && images.length > 1 && images.length < limits.minImagesWhenMany) {
    problems.push(
      problem(base, 'media-count', `${adapter} takes one image or at least ${limits.minImagesWhenMany}`),
    );
  }
  if (videos.length > limits.maxVideos) {
    problems.push(
      problem(base, 'media-count', `${adapter} takes at most ${limits.maxVideos} video in a post`),
    );
  }
  if (!limits.mixes && images.length > 0 && videos.length > 0) {
    problems.push(problem(base, 'media-count', `${adapter} does not mix images and a video in one post`));
  }
  for (const asset of ready) {
    const media = asset.media as NonNullable<AssetRecord['media']>;
    const field = `${base}.${asset.assetId}`;
    const image = media.kind === 'image';
    const types = image ? limits.imageTypes : limits.videoTypes;
    // An image of a type the platform refuses, or over its byte or side limit, is posted as a
    // re-encoded or smaller variant, if one can be made.
    const need = image ? variantNeed(field, adapter, media, limits) : undefined;
    if (!types.includes(media.type) && need?.need !== 'variant') {
      problems.push(
        problem(field, 'media-type', `${adapter} takes ${types.join(', ')}; the asset is ${media.type}`),
      );
      continue;
    }
    if (need?.need === 'impossible') {
      problems.push(need.problem);
    } else if (!image && media.bytes > limits.maxVideoBytes) {
      problems.push(
        problem(
          field,
          'media-size',
          `${adapter} takes at most ${megabytes(limits.maxVideoBytes)}; the asset is ${media.bytes} bytes`,
        ),
      );
    }
    const aspect = media.width / media.height;
    if (image && limits.minAspect !== undefined && limits.maxAspect !== undefined) {
      if (aspect < limits.minAspect - 0.005 || aspect > limits.maxAspect + 0.005) {
        problems.push(
          problem(
            field,
            'media-dimensions',
            `${adapter} takes an aspect ratio from ${limits.minAspect.toFixed(2)} to ${limits.maxAspect.toFixed(2)}; the asset is ${media.width}x${media.height}`,
          ),
        );
      }
    }
    const seconds = media.durationSeconds;
    if (!image && seconds !== undefined) {
      if (limits.minVideoSeconds !== undefined && seconds < limits.minVideoSeconds) {
        problems.push(
          problem(field, 'media-duration', `${adapter} takes videos of ${limits.minVideoSeconds} s or more`),
        );
      }
      if (limits.maxVideoSeconds !== undefined && seconds > limits.maxVideoSeconds) {
        problems.push(
          problem(field, 'media-duration', `${adapter} takes videos up to ${limits.maxVideoSeconds} s`),
        );
      }
    }
    const language = options.altLanguage ?? 'en';
    if (image && (limits.altRequired || options.altTextRequired) && !asset.alt?.[language]?.trim()) {
      problems.push(
        problem(
          field,
          'alt-text',
          limits.altRequired
            ? `${adapter} requires alternative text; the asset has none in ${language}`
            : `the brand's policy requires alternative text; the asset has none in ${language}`,
        ),
      );
    }
  }
  return problems;
}
