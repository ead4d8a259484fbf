/**
 * The offsets the local clock has run at, in wall-clock time: what lets a request signed under
 * one offset be judged under that same offset after the clock has jumped (see clock.ts).
 * Plain functions over a list, no state: the clock keeps the list.
 */

/** From wall time `from` (epoch milliseconds) until the next span's `from`, the clock ran `offsetMs` ahead. */
export interface OffsetSpan {
  from: number;
  offsetMs: number;
}

/** SigV4 dates (`X-Amz-Date`, `20261130T211325Z`) count whole seconds: a signing time is up to this much later. */
const DATE_GRANULARITY_MS = 1000;

/**
 * The offset a signer's clock ran at when it wrote `signedAt` (a local-clock epoch time, in
 * whole seconds like `X-Amz-Date`), or undefined when none can have: an offset could have
 * written it if some wall time in its span, plus the offset, falls in that second. Forward
 * jumps of a second or more skip local time, so only the signer's offset can have; a smaller
 * jump leaves a neighbour less than a second apart. A reset (back to the wall clock) repeats
 * local times, so of several the latest wins: an earlier span's offset is only mistaken for a
 * later one when the later reads within a link's life below it, after the twin has waited as
 * many hours again as the reset took back.
 *
 * @example
 * ```ts
 * const spans = [{ from: -Infinity, offsetMs: 0 }, { from: 1_000_000, offsetMs: 7_200_000 }];
 * offsetSignedUnder(spans, 1_500_000 + 7_200_000, 1_600_000); // 7200000
 * offsetSignedUnder(spans, 900_000, 1_600_000); // 0: signed before the jump
 * ```
 */
export function offsetSignedUnder(
  spans: readonly OffsetSpan[],
  signedAt: number,
  wallNow: number,
): number | undefined {
  for (let index = spans.length - 1; index >= 0; index -= 1) {
    const span = spans[index] as OffsetSpan;
    // The earliest wall time that would have written `signedAt` under this offset.
    const wall = signedAt - span.offsetMs;
    // The span in force now ends now: nothing was signed later (a signer ahead of the server fits none).
    const end = spans[index + 1]?.from ?? wallNow + 1;
    if (wall < end && wall + DATE_GRANULARITY_MS > span.from) return span.offsetMs;
  }
  return undefined;
}

/** S3 honours a presigned URL for a week at most: no request can be signed under an older span. */
export const LONGEST_SIGNATURE_LIFE_MS = 7 * 24 * 3600 * 1000;

/**
 * `spans` with a new offset taking effect at wall time `from`, without the spans no request
 * can still have been signed under (ended more than {@link LONGEST_SIGNATURE_LIFE_MS} ago).
 *
 * @example
 * ```ts
 * withOffset([{ from: -Infinity, offsetMs: 0 }], 1_000_000, 7_200_000);
 * // [{ from: -Infinity, offsetMs: 0 }, { from: 1000000, offsetMs: 7200000 }]
 * ```
 */
export function withOffset(spans: readonly OffsetSpan[], from: number, offsetMs: number): OffsetSpan[] {
  const kept = [...spans, { from, offsetMs }];
  const firstLive = kept.findIndex(
    (_span, index) => (kept[index + 1]?.from ?? Number.POSITIVE_INFINITY) > from - LONGEST_SIGNATURE_LIFE_MS,
  );
  return kept.slice(Math.max(0, firstLive));
}
