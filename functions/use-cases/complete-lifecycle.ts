import type { CompletionInput, CompletionRecorded } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { roundsCollectedOf } from '../domain/metrics-schedule.js';
import { listLifecycleLog, workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { loadOwnedPost } from './owned-post.js';

/**
 * CompleteLifecycle: closes the post's lifecycle (`completed`, or `publish_failed` kept as
 * it is) and records whether every metric round ran. A repeat changes nothing.
 *
 * @example
 * ```ts
 * await completeLifecycle({ postId, executionName, metricsOutcome: { roundsCollected: 3 } });
 * ```
 */
export async function completeLifecycle(input: CompletionInput): Promise<CompletionRecorded> {
  const post = await loadOwnedPost(input);
  const status = post.status === PostStatus.PublishFailed ? PostStatus.PublishFailed : PostStatus.Completed;
  if (post.lifecycleCompletedAt) {
    return {
      postId: post.postId,
      status,
      allMetricsRoundsCollected: post.allMetricsRoundsCollected ?? false,
    };
  }
  const allowed: string[] = [PostStatus.Published, PostStatus.CollectingMetrics, PostStatus.PublishFailed];
  if (!allowed.includes(post.status)) {
    throw new UnexpectedStatusError(`cannot complete a post that is ${post.status}`, {
      context: { postId: post.postId },
    });
  }
  const outcome = input.metricsOutcome;
  // After a timeout or a failed wait, the log says which rounds were read in full.
  const roundsCollected =
    'roundsCollected' in outcome
      ? outcome.roundsCollected
      : roundsCollectedOf(await listLifecycleLog(post.postId), input.executionName);
  const allMetricsRoundsCollected =
    'roundsCollected' in outcome && roundsCollected >= (post.metricsRoundsPlanned ?? 0);
  const metricsError = 'Error' in outcome ? outcome.Error : undefined;
  await changePost(post.postId, {
    set: { status, lifecycleCompletedAt: new Date().toISOString(), allMetricsRoundsCollected },
    when: {
      statusIn: allowed as PostStatus[],
      executionName: input.executionName,
      absent: ['lifecycleCompletedAt'],
    },
    log: {
      action: 'completed',
      actor: workflowActor(input.executionName),
      revision: post.revision,
      details: { status, roundsCollected, allMetricsRoundsCollected, metricsError },
    },
    events: [
      {
        type: OutboundEvent.PostCompleted,
        detail: detailOf(post, { status, roundsCollected, allMetricsRoundsCollected, metricsError }),
      },
    ],
  });
  return { postId: post.postId, status, allMetricsRoundsCollected };
}
