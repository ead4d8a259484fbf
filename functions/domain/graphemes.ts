/** Text where every character is a grapheme of its own and none is an emoji (no `\r`: `\r\n` is one). */
const oneCharGraphemes = /^[\t\n\x20-\x7E]*$/;
let segmenter: Intl.Segmenter | undefined;

/**
 * The user-perceived characters of `text`, as the platforms count them. ICU's segmenter takes
 * milliseconds to build, so it is built the first time a text needs it; plain ASCII text is
 * its own segmentation.
 *
 * @example
 * ```ts
 * [...graphemesOf('👍🏽 ok')]; // ['👍🏽', ' ', 'o', 'k']
 * ```
 */
export function graphemesOf(text: string): Iterable<string> {
  if (oneCharGraphemes.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), ({ segment }) => segment);
}

/** Runs of characters other than printable ASCII: the only places graphemes need finding. */
const nonAsciiRuns = /[^\x20-\x7E]+/g;
/**
 * Characters that join a neighbour into one grapheme (Unicode's Extend, ZWJ, SpacingMark,
 * Prepend, regional indicators, Hangul jamo, CR): a run without them is one grapheme per code point.
 */
const joiners =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each joiner is matched on its own (ZWJ included), never as a joined sequence
  /[\p{M}\p{Emoji_Modifier}\p{Regional_Indicator}\u200C\u200D\u{E0020}-\u{E007F}\uFF9E\uFF9F\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0E33\u0EB3\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}\r]/u;

/**
 * Counts user-perceived characters, as the platforms do, in time linear in the text's
 * length. Printable ASCII characters are graphemes of their own unless a neighbour joins them
 * (a combining accent after, a prepended sign before): only the other runs are segmented, each
 * with its ASCII neighbours, whose own count is taken back.
 *
 * @example
 * ```ts
 * graphemeLength('👍🏽 ok'); // 4
 * graphemeLength('cafe\u0301'); // 4
 * ```
 */
export function graphemeLength(text: string): number {
  if (oneCharGraphemes.test(text)) return text.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = text.length;
  for (const run of text.matchAll(nonAsciiRuns)) {
    if (!joiners.test(run[0])) {
      count -= surrogatePairs(run[0]);
      continue;
    }
    const start = Math.max(0, run.index - 1);
    const end = Math.min(text.length, run.index + run[0].length + 1);
    let segments = 0;
    for (const _ of segmenter.segment(text.slice(start, end))) segments += 1;
    // The run's own units leave the ASCII count; its neighbours were counted there already.
    count += segments - (end - start);
  }
  return count;
}

function surrogatePairs(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i += 1) {
    const high = text.charCodeAt(i);
    const low = text.charCodeAt(i + 1);
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
      pairs += 1;
      i += 1;
    }
  }
  return pairs;
}
