/**
 * X's own count of a post's length, by X's published library (`twitter-text`, the v3
 * weighting): the policy's `length` rule and the X adapter both call this, so a post that
 * passes review is never refused at publish for its length.
 */

import twitterText from 'twitter-text';

/**
 * A post's length as X counts it: most Latin and punctuation 1, CJK and other scripts 2, an
 * emoji (however many code points, skin tone and joiners included) 2, and a link X
 * recognises 23, whatever its length.
 *
 * @example
 * ```ts
 * xWeightedLength('hello'); // 5
 * xWeightedLength('你好'); // 4
 * xWeightedLength('👍🏽'); // 2
 * xWeightedLength('see https://example.com/a/very/long/path'); // 27
 * ```
 */
export function xWeightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}
