/** Page size when a request sets no `maxResults`: what AWS's list operations default to. */
const DEFAULT_PAGE_SIZE = 100;

/**
 * One page of a list operation, AWS style: `nextToken` is the opaque position of the next
 * page (here the index of its first item), absent on the last page.
 *
 * @example
 * ```ts
 * pageOf(['a', 'b', 'c'], undefined, 2); // { items: ['a', 'b'], nextToken: '2' }
 * pageOf(['a', 'b', 'c'], '2', 2); // { items: ['c'], nextToken: undefined }
 * ```
 */
export function pageOf<T>(
  all: readonly T[],
  nextToken: unknown,
  maxResults: unknown,
  largestPage = Number.POSITIVE_INFINITY,
): { items: T[]; nextToken: string | undefined } {
  const start = typeof nextToken === 'string' ? Number(nextToken) || 0 : 0;
  const asked = typeof maxResults === 'number' && maxResults > 0 ? maxResults : DEFAULT_PAGE_SIZE;
  const size = Math.min(asked, largestPage);
  return {
    items: all.slice(start, start + size),
    nextToken: start + size < all.length ? String(start + size) : undefined,
  };
}

/** A date as the JSON protocols carry it: epoch seconds, with milliseconds as the fraction. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
