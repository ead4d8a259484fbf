import { type InputProblem, InvalidInputError } from '../../domain/errors.js';
import type { ChannelContent } from '../../domain/post.js';
import { ChannelFailure } from './channel-adapter.js';

/*
 * What a platform takes, checked before any call: the text as published and how the platform
 * counts it, media by link or upload, and the refusal that names every problem at once.
 */

/**
 * Throws a permanent failure naming every problem, before any call is made.
 *
 * @example
 * ```ts
 * refuseInvalid('x', adapter.validate(content));
 * ```
 */
export function refuseInvalid(channel: string, problems: InputProblem[]): void {
  if (problems.length === 0) return;
  const invalid = new InvalidInputError(problems, { context: { channel } });
  throw new ChannelFailure(`the post breaks the platform's rules: ${invalid.message}`, {
    kind: 'permanent',
    cause: invalid,
    context: { channel },
  });
}

/**
 * The text as published: the post text, then its link on a new line unless the text has it.
 *
 * @example
 * ```ts
 * composeText({ text: 'New', link: 'https://acme.example/new' }); // 'New\nhttps://acme.example/new'
 * ```
 */
export function composeText(content: ChannelContent): string {
  if (!content.link || content.text.includes(content.link)) return content.text;
  return content.text ? `${content.text}\n${content.link}` : content.link;
}

/** User-perceived characters (grapheme clusters), as Bluesky and Mastodon count. */
export { graphemeLength } from '../../domain/graphemes.js';

/**
 * The problem of a post that gives media as links to a platform that only takes uploads:
 * none when the post has no `mediaUrls`.
 *
 * @example
 * ```ts
 * problems.push(...mediaLinksRefused(content, 'X takes media as uploads, not as links: remove mediaUrls'));
 * ```
 */
export function mediaLinksRefused(content: ChannelContent, message: string): InputProblem[] {
  return content.mediaUrls?.length ? [{ field: 'mediaUrls', rule: 'media-by-reference', message }] : [];
}

const urlPattern = /https?:\/\/[^\s]+/g;

/** A text compared to what a platform returns: links removed (platforms shorten or expand them), spaces collapsed. */
export function comparableText(text: string): string {
  return text.replace(urlPattern, '').replace(/\s+/g, ' ').trim();
}

/** The URLs a text contains. */
export function urlsIn(text: string): string[] {
  return text.match(urlPattern) ?? [];
}

/** X and Mastodon count every link as 23 characters, whatever its length. */
const LINK_WEIGHT = 23;

/**
 * A text's length with each link counted as 23 and the rest by `countRest`.
 *
 * @example
 * ```ts
 * linkWeightedLength('see https://acme.example/a/long/path', graphemeLength); // 27
 * ```
 */
export function linkWeightedLength(text: string, countRest: (rest: string) => number): number {
  const links = urlsIn(text);
  return countRest(links.reduce((rest, link) => rest.replace(link, ''), text)) + links.length * LINK_WEIGHT;
}

/**
 * The `max-length` problem of a text longer than the platform allows: none within the limit.
 * `counting` says how the platform counts, when not in plain characters.
 *
 * @example
 * ```ts
 * problems.push(...tooLong('Mastodon', 500, length, ' (links count 23)'));
 * ```
 */
export function tooLong(platform: string, limit: number, length: number, counting = ''): InputProblem[] {
  if (length <= limit) return [];
  return [
    {
      field: 'text',
      rule: 'max-length',
      message: `${platform} allows ${limit} characters${counting}; this post has ${length}`,
    },
  ];
}

/** Media file kinds by extension: platforms treat images and videos differently. */
export function mediaKind(url: string): 'image' | 'video' | 'unknown' {
  const path = new URL(url).pathname.toLowerCase();
  if (/\.(jpe?g|png|gif|webp|heic)$/.test(path)) return 'image';
  if (/\.(mp4|mov|m4v|webm)$/.test(path)) return 'video';
  return 'unknown';
}
