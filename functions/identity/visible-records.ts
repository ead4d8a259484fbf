import type { PostRecord } from '../domain/post.js';
import type { LifecycleLogEntry } from '../persistence/lifecycle-log.js';

/** A task token lets its holder end the workflow's wait: no field naming one leaves the table. */
const isToken = (key: string) => /token/i.test(key);

/**
 * The post as the front door shows it: without its review task token.
 *
 * @example
 * ```ts
 * return { status: 200, body: { post: visiblePost(post) } };
 * ```
 */
export function visiblePost(post: PostRecord): Omit<PostRecord, 'reviewTaskToken'> {
  return Object.fromEntries(Object.entries(post).filter(([key]) => !isToken(key))) as Omit<
    PostRecord,
    'reviewTaskToken'
  >;
}

/**
 * A lifecycle log as the front door shows it: no task tokens, and no earlier revision's
 * content (the story shows that as a difference instead).
 *
 * @example
 * ```ts
 * const log = visibleLog(await listLifecycleLog(post.postId));
 * ```
 */
export function visibleLog(entries: readonly LifecycleLogEntry[]): LifecycleLogEntry[] {
  return entries.map(({ details, ...entry }) => ({
    ...entry,
    details: Object.fromEntries(
      Object.entries(details ?? {}).filter(([key]) => !isToken(key) && key !== 'previousContent'),
    ),
  }));
}

/** A reviewer's decision as the log recorded it. */
export interface RecordedDecision {
  reviewerId: string;
  at: string;
  revision: number;
  decision?: unknown;
  stage?: unknown;
  comment?: unknown;
}

/**
 * The review decisions of a lifecycle log, oldest first.
 *
 * @example
 * ```ts
 * const last = decisionsOf(await listLifecycleLog(postId)).at(-1);
 * ```
 */
export function decisionsOf(entries: readonly LifecycleLogEntry[]): RecordedDecision[] {
  return entries
    .filter((entry) => entry.action === 'review_decided')
    .map(({ actor, at, revision, details }) => ({
      reviewerId: actor.id,
      at,
      revision,
      decision: details?.decision,
      stage: details?.stage,
      comment: details?.comment,
    }));
}
