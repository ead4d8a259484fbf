/** How many times an optimistic change is tried before the caller gives up with `ConcurrentChangeError`. */
export const CHANGE_ATTEMPTS = 3;

/**
 * The attempts of an optimistic change: read the item, decide, write on the condition that it
 * is still as read. When another writer got there first the write changes nothing and the
 * loop `continue`s to read again; after the last attempt the caller throws
 * `ConcurrentChangeError`, which Lambda or Step Functions retry.
 *
 * @example
 * ```ts
 * for (const _ of changeAttempts()) {
 *   const post = await getPost(postId);
 *   if (await changePost(postId, { set, when: { revision: post.revision } })) return post;
 * }
 * throw new ConcurrentChangeError('the post kept changing');
 * ```
 */
export function* changeAttempts(): Generator<number> {
  for (let attempt = 1; attempt <= CHANGE_ATTEMPTS; attempt += 1) yield attempt;
}
