/**
 * Text measurements the policy rules share: term search that works with and without word
 * breaks, platform lengths, links, hashtags, mentions and emoji. Plain functions, no I/O.
 */

import twitterText from 'twitter-text';
import { graphemeLength } from './graphemes.js';
import { type FoldedText, foldTerm, foldText } from './text-fold.js';
import { xWeightedLength } from './x-length.js';

export { xWeightedLength } from './x-length.js';

/** The longest text the policy check reads (UTF-16 code units): over four times the longest post any supported platform takes. */
export const MAX_POLICY_TEXT_LENGTH = 250_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Scripts written without spaces between words, where a term is matched as a substring. */
const noWordBreaks =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** A span of the NFC-normalized text, in UTF-16 code units (what JavaScript's `slice` takes). */
export interface TextSpan {
  start: number;
  end: number;
}

/** Finds terms in one text, folded once however many terms are looked for. */
export interface TermFinder {
  /** Where the term occurs, or `undefined`. */
  find(term: string): TextSpan | undefined;
  /** Zero-width characters, bidi controls and soft hyphens in the text (ignored when matching). */
  hidden: FoldedText['hidden'];
}

/**
 * Prepares `text` for term matching (see {@link findTerm}): folded once, then each term is
 * one linear search.
 *
 * @example
 * ```ts
 * const terms = termFinder('Ch\u200Beap deals');
 * terms.find('cheap'); // { start: 0, end: 6 }
 * terms.hidden.count; // 1
 * ```
 */
export function termFinder(text: string): TermFinder {
  const folded = foldText(text);
  return {
    hidden: folded.hidden,
    find(term) {
      const needle = foldTerm(term);
      if (!needle) return undefined;
      if (noWordBreaks.test(needle)) {
        const start = folded.text.indexOf(needle);
        return start < 0 ? undefined : folded.spanOf(start, start + needle.length);
      }
      // A term starting or ending with a symbol (#ad, 100%) needs no word boundary on that side.
      const before = /^[\p{L}\p{N}_]/u.test(needle) ? '(?<![\\p{L}\\p{M}\\p{N}_])' : '';
      const after = /[\p{L}\p{N}_]$/u.test(needle) ? '(?![\\p{L}\\p{M}\\p{N}_])' : '';
      const match = new RegExp(`${before}${escapeRegExp(needle)}${after}`, 'u').exec(folded.text);
      return match ? folded.spanOf(match.index, match.index + match[0].length) : undefined;
    },
  };
}

/**
 * Where `term` occurs in `text`: whole words, a plain substring when the term is written in a
 * script without word breaks (Chinese, Japanese, Korean, Thai). Text and term are folded
 * alike first ({@link foldText}): case, full-width and mathematical letters, look-alikes from
 * other scripts, accents and combining marks, zero-width characters, soft hyphens and the
 * whitespace between words do not hide a term. The span is in the NFC-normalized text.
 *
 * @example
 * ```ts
 * findTerm('Cheap deals today', 'cheap'); // { start: 0, end: 5 }
 * findTerm('Cheapest deals', 'cheap'); // undefined
 * findTerm('这是最便宜的产品', '便宜'); // { start: 3, end: 5 }
 * findTerm('ｃ\u00ADhеap', 'cheap'); // { start: 0, end: 6 } (soft hyphen, Cyrillic е)
 * ```
 */
export function findTerm(text: string, term: string): TextSpan | undefined {
  return termFinder(text).find(term);
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

const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
/**
 * A link with a scheme, `www.`, or a bare domain (`evil.example/deal`, `shop.com`), as the
 * platforms link them. Every part is bounded or anchored by the look-behind, so one search is
 * linear in the text's length.
 */
const linkPattern =
  /(?<![\p{L}\p{N}_@.\-/])(?:https?:\/\/[^\s<>"]+|www\.[^\s<>"]+|(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,63})(?![\p{L}\p{N}_@-])([/?#:][^\s<>"]*)?)/giu;
/** The top-level domains X links without a scheme (twitter-text's lists). */
const knownTld = new RegExp(
  `^(?:${twitterText.regexen.validGTLD.source}|${twitterText.regexen.validCCTLD.source})$`,
  'i',
);
const trailingPunctuation = new Set([...'.,;:!?)]}\'"']);

/** A link written in the text; `bare` when it has no scheme (`evil.example/deal`). */
export interface TextLink {
  url: string;
  span: TextSpan;
  bare: boolean;
}

/**
 * Links written in the text, without trailing punctuation: with a scheme, with `www.`, or a
 * bare domain followed by a path or with a top-level domain the platforms link
 * (`evil.example/deal`, `shop.com`; not `Node.js`).
 *
 * @example
 * ```ts
 * linksIn('Go to evil.example/deal.').map((l) => l.url); // ['evil.example/deal']
 * ```
 */
export function linksIn(text: string): TextLink[] {
  const found: TextLink[] = [];
  for (const match of text.normalize('NFC').matchAll(linkPattern)) {
    const [written, tld, path] = match;
    let end = written.length;
    while (end > 0 && trailingPunctuation.has(written[end - 1] as string)) end -= 1;
    const url = written.slice(0, end);
    const bare = tld !== undefined;
    const domainEnd = written.length - (path?.length ?? 0);
    const hasPath = /^(?:[/?#]|:\d)/.test(url.slice(domainEnd));
    if (bare && !hasPath && (end < domainEnd || !knownTld.test(tld))) continue;
    found.push({ url, bare, span: { start: match.index, end: match.index + url.length } });
  }
  return found;
}

/** User-perceived characters (Bluesky's and Mastodon's count). */
export function graphemeCount(text: string): number {
  return graphemeLength(text.normalize('NFC'));
}

/**
 * A text's length as a channel counts it: X's weighting, or user-perceived characters. The
 * policy's `length` rule and the review portal's previews both count with this.
 *
 * @example
 * ```ts
 * countedLength('你好', 'x-weighted'); // 4
 * countedLength('你好', 'graphemes'); // 2
 * ```
 */
export function countedLength(text: string, counting: 'graphemes' | 'x-weighted'): number {
  return counting === 'x-weighted' ? xWeightedLength(text) : graphemeCount(text);
}

/** Characters that stay in the grapheme of the emoji before them: marks, skin tones, tags. */
const emojiExtend = '[\\p{M}\\p{EMod}\\u200C\\u{E0020}-\\u{E007F}]*';
/** One emoji grapheme: a flag's pair of regional indicators, or a pictograph with its extenders and joined pictographs. */
const emojiSequence = new RegExp(
  `\\p{RI}{1,2}|\\p{Extended_Pictographic}${emojiExtend}(?:\\u200D\\p{Extended_Pictographic}${emojiExtend})*[\\p{M}\\p{EMod}\\u200C\\u200D]*`,
  'gu',
);

/**
 * Emoji in the text, a skin-toned or joined emoji counting once: the graphemes that hold a
 * pictograph or a flag, found in one linear search instead of a full segmentation.
 *
 * @example
 * ```ts
 * emojiCount('ok 👍🏽 👨‍👩‍👧 🇫🇷'); // 3
 * ```
 */
export function emojiCount(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(emojiSequence)) count += 1;
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
  let shoutedWords = 0;
  for (const _ of text.matchAll(/(?<!\p{L})\p{Lu}{2,}(?!\p{L})/gu)) {
    shoutedWords += 1;
    if (shoutedWords >= 3) return true;
  }
  const letters = codePointLength(text.replace(/\P{L}+/gu, ''));
  const upper = codePointLength(text.replace(/\P{Lu}+/gu, ''));
  return letters >= 20 && upper / letters > 0.5;
}

function codePointLength(text: string): number {
  return text.length - text.replace(/[^\uD800-\uDBFF]+/g, '').length;
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
