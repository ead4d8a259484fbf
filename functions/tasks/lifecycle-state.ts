import type { LifecycleState } from '../../workflows/contract.js';
import type { PostRecord } from '../domain/post.js';
import { secondsUntil } from '../domain/time.js';

/**
 * The small state the workflow carries, from the post as stored.
 *
 * @example
 * ```ts
 * return lifecycleStateOf(post); // { postId, revision, scheduledAt, channels, reviewTimeoutSeconds }
 * ```
 */
export function lifecycleStateOf(post: PostRecord, minimumTimeoutSeconds = 1): LifecycleState {
  return {
    postId: post.postId,
    revision: post.revision,
    scheduledAt: post.scheduledAt,
    channels: post.channels,
    reviewTimeoutSeconds: secondsUntil(post.scheduledAt, Date.now(), minimumTimeoutSeconds),
  };
}
