import type { MetricsRoundsCollected } from '../../workflows/contract.js';
import { PostStatus } from '../domain/lifecycle.js';
import { type MetricsWaitFields, roundsCollectedOf } from '../domain/metrics-schedule.js';
import type { PostRecord } from '../domain/post.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';

/**
 * The statuses in which a post's metric rounds are scheduled and read. A `publish_failed` post
 * has rounds only when a channel failed ambiguously: they re-check it (functions/use-cases/recheck-channels.ts).
 */
export const collectingMetrics: PostStatus[] = [
  PostStatus.Published,
  PostStatus.CollectingMetrics,
  PostStatus.PublishFailed,
];

/** A post as stored, with the metrics wait's attributes. */
export type MetricsWaitPost = PostRecord & MetricsWaitFields;

/**
 * Whether every planned round of the post has an outcome (read or failed for good): rounds
 * are recorded in order, so the last planned one being recorded means all are.
 *
 * @example
 * ```ts
 * if (allRoundsRecorded(post)) await closeMetricsWait(post, executionName);
 * ```
 */
export function allRoundsRecorded(post: PostRecord): boolean {
  return (post.lastMetricsRound ?? 0) >= (post.metricsRoundsPlanned ?? 0);
}

/**
 * Ends AwaitMetricsRounds with `{ roundsCollected }` through the token stored on the post.
 * A repeat meets a closed task (TaskTimedOut, TaskDoesNotExist, InvalidToken), which is fine;
 * without a stored token there is no wait to end yet: the wait's own handler checks again.
 *
 * @example
 * ```ts
 * await closeMetricsWait(post, 'spring-launch-r1');
 * ```
 */
export async function closeMetricsWait(post: MetricsWaitPost, executionName: string): Promise<boolean> {
  if (!post.metricsTaskToken) return false;
  const output: MetricsRoundsCollected = {
    roundsCollected: roundsCollectedOf(await listLifecycleLog(post.postId), executionName),
  };
  // Loaded here: only the last round ends the wait, and the Step Functions client would weigh on every cold start.
  const { succeedTask } = await import('../aws/workflow.js');
  await succeedTask(post.metricsTaskToken, output, { tolerateClosed: true });
  return true;
}
