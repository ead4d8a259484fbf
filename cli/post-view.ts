import { NotFoundError } from '../functions/domain/errors.js';
import type { PostRecord } from '../functions/domain/post.js';
import type { LifecycleLogEntry } from '../functions/persistence/index.js';
import type { Records } from './connection.js';
import { type Progress, pollUntil } from './progress.js';

/**
 * A post as the CLI shows it: the stored record without the review task token (a credential
 * that can complete the review) and without internal bookkeeping.
 */
export function publicPost(post: PostRecord): Omit<PostRecord, 'reviewTaskToken'> {
  const { reviewTaskToken: _token, ...rest } = post;
  return rest;
}

/** Keys of log details that hold credentials (a review's task token completes the review). */
const SECRET_DETAILS = new Set(['taskToken', 'reviewTaskToken']);

/** A lifecycle log entry without credential-bearing details. */
export function publicLogEntry(entry: LifecycleLogEntry): LifecycleLogEntry {
  if (!entry.details) return entry;
  const details = Object.fromEntries(
    Object.entries(entry.details).filter(([key]) => !SECRET_DETAILS.has(key)),
  );
  return { ...entry, details };
}

/** The waiting review stage's name, or undefined when no stage waits. */
export function waitingStage(post: PostRecord): string | undefined {
  const review = post.review;
  if (!review || post.status !== 'in_review') return undefined;
  return review.stages[review.stage]?.name;
}

/** `in_review (stage legal)` or `scheduled`. */
export function describeStatus(post: PostRecord): string {
  const stage = waitingStage(post);
  return stage ? `${post.status} (stage ${stage})` : post.status;
}

/** Reads a post or fails with a NotFoundError naming it. */
export async function requirePost(records: Records, postId: string): Promise<PostRecord> {
  const post = await records.getPost(postId);
  if (!post) throw new NotFoundError(`no post has the id ${postId}`, { context: { postId } });
  return post;
}

/**
 * Polls the post until `reached` accepts it, showing its status as progress.
 *
 * @example
 * ```ts
 * const post = await waitForPost(records, 'p-1', (p) => p.status === 'scheduled', { what: 'scheduled', progress, timeoutMs });
 * ```
 */
export function waitForPost(
  records: Records,
  postId: string,
  reached: (post: PostRecord) => boolean,
  options: { what: string; progress: Progress; timeoutMs: number },
): Promise<PostRecord> {
  return pollUntil(
    async () => {
      const post = await records.getPost(postId);
      return {
        status: `post ${postId}: ${post ? describeStatus(post) : 'not stored yet'}; waiting for ${options.what}`,
        done: post && reached(post) ? post : undefined,
      };
    },
    {
      what: `post ${postId} to reach ${options.what}`,
      progress: options.progress,
      timeoutMs: options.timeoutMs,
    },
  );
}

/** A snapshot of what changes when a post moves on: status, review stage and seq, revision, schedule. */
export function progressKey(post: PostRecord): string {
  return JSON.stringify([post.status, post.revision, post.review?.stage, post.review?.seq, post.scheduledAt]);
}
