/**
 * Text measurements the policy rules share: term search that works with and without word
 * breaks, platform lengths, links, hashtags, mentions and emoji. Plain functions, no I/O.
 */

import { graphemesOf } from './graphemes.js';

/** Scripts written without spaces between words, where a term is matched as a substring. */
const noWordBreaks =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A span of the NFC-normalized text, in UTF-16 code units (what JavaScript's `slice` takes). */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where `term` occurs in `text`: whole words, case-insensitive; a plain substring when the term
 * is written in a script without word breaks (Chinese, Japanese, Korean, Thai). Both are
 * NFC-normalized first, so `café` typed with a combining accent still matches.
 *
 * @example
 * ```ts
 * findTerm('Cheap deals today', 'cheap'); // { start: 0, end: 5 }
 * findTerm('Cheapest deals', 'cheap'); // undefined
 * findTerm('这是最便宜的产品', '便宜'); // { start: 3, end: 5 }
 * ```
 */
export function findTerm(text: string, term: string): TextSpan | undefined {
  const haystack = text.normalize('NFC');
  const needle = term.trim().normalize('NFC');
  if (!needle) return undefined;
  if (noWordBreaks.test(needle)) {
    const start = haystack.toLocaleLowerCase().indexOf(needle.toLocaleLowerCase());
    return start < 0 ? undefined : { start, end: start + needle.length };
  }
  // A term starting or ending with a symbol (#ad, 100%) needs no word boundary on that side.
  const before = /^[\p{L}\p{N}_]/u.test(needle) ? '(?<![\\p{L}\\p{M}\\p{N}_])' : '';
  const after = /[\p{L}\p{N}_]$/u.test(needle) ? '(?![\\p{L}\\p{M}\\p{N}_])' : '';
  const match = new RegExp(`${before}${escapeRegExp(needle)}${after}`, 'iu').exec(haystack);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * Whether `text` contains `term` (see {@link findTerm}).
 *
 * @example
 * ```ts
 * containsTerm('Cheap deals today', 'cheap'); // true
 * ```
 */
export function containsTerm(text: string, term: string): boolean {
  return findTerm(text, term) !== undefined;
}

const emojiGrapheme = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;

/** Links written in the text, without trailing punctuation. */
export function linksIn(text: string): { url: string; span: TextSpan }[] {
  const found: { url: string; span: TextSpan }[] = [];
  for (const match of text.normalize('NFC').matchAll(urlPattern)) {
    const url = match[0].replace(/[.,;:!?)\]}'"]+$/u, '');
    found.push({ url, span: { start: match.index, end: match.index + url.length } });
  }
  return found;
}

/** X's weighting: these code point ranges count 1, everything else 2 (twitter-text v3). */
const xLightRanges: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const X_URL_LENGTH = 23;

/**
 * A post's length as X counts it: Latin and most punctuation 1, CJK and other scripts 2, an
 * emoji (however many code points) 2, and any link 23.
 *
 * @example
 * ```ts
 * xWeightedLength('hello'); // 5
 * xWeightedLength('你好'); // 4
 * xWeightedLength('👍🏽'); // 2
 * ```
 */
export function xWeightedLength(text: string): number {
  let rest = text.normalize('NFC');
  let length = 0;
  for (const { url } of linksIn(rest)) {
    length += X_URL_LENGTH;
    rest = rest.replace(url, ' ');
    length -= 1;
  }
  for (const segment of graphemesOf(rest)) {
    if (emojiGrapheme.test(segment)) {
      length += 2;
      continue;
    }
    for (const char of segment) {
      const code = char.codePointAt(0) ?? 0;
      length += xLightRanges.some(([from, to]) => code >= from && code <= to) ? 1 : 2;
    }
  }
  return length;
}

/** User-perceived characters (Bluesky's and Mastodon's count). */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of graphemesOf(text.normalize('NFC'))) count += 1;
  return count;
}

/** Emoji in the text, a skin-toned or joined emoji counting once. */
export function emojiCount(text: string): number {
  let count = 0;
  for (const segment of graphemesOf(text)) if (emojiGrapheme.test(segment)) count += 1;
  return count;
}

/** `#tags`, in any script (`#春茶` counts), not inside links. */
export function hashtagCount(text: string): number {
  const withoutLinks = text.replace(urlPattern, ' ');
  return withoutLinks.match(/(?<![\p{L}\p{N}_&/])[#＃][\p{L}\p{N}_]+/gu)?.length ?? 0;
}

/** `@handles` (including Bluesky and Mastodon style `@name.domain`), not emails. */
export function mentionCount(text: string): number {
  const withoutLinks = text.replace(urlPattern, ' ');
  return withoutLinks.match(/(?<![\p{L}\p{N}_.])@[\p{L}\p{N}_][\p{L}\p{N}_.-]*/gu)?.length ?? 0;
}

/** Three or more words of two+ letters all in capitals, or over half the letters upper case in a long text. */
export function isShouting(text: string): boolean {
  const shoutedWords = text.match(/(?<![\p{L}])\p{Lu}{2,}(?![\p{L}])/gu) ?? [];
  if (shoutedWords.length >= 3) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 20 && upper.length / letters.length > 0.5;
}

/** The longest run of exclamation marks, half- or full-width. */
export function longestExclamationRun(text: string): { length: number; span?: TextSpan } {
  let best: { length: number; span?: TextSpan } = { length: 0 };
  for (const match of text.normalize('NFC').matchAll(/[!！]+/gu)) {
    if (match[0].length > best.length) {
      best = { length: match[0].length, span: { start: match.index, end: match.index + match[0].length } };
    }
  }
  return best;
}
