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

/**
 * Counts user-perceived characters, as the platforms do.
 *
 * @example
 * ```ts
 * graphemeLength('👍🏽 ok'); // 4
 * ```
 */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of graphemesOf(text)) count += 1;
  return count;
}
