import type { ScheduleMetricsRoundsInput } from '../../workflows/contract.js';
import { createRoundSchedule } from '../aws/scheduler.js';
import { succeedTask } from '../aws/workflow.js';
import { ConcurrentChangeError, UnexpectedStatusError } from '../domain/errors.js';
import { earlyFeedbackChecks } from '../domain/feedback.js';
import {
  earlyFeedbackScheduleName,
  metricsScheduleName,
  scheduleExpressionAt,
} from '../domain/metrics-schedule.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import {
  allRoundsRecorded,
  closeMetricsWait,
  collectingMetrics,
  type MetricsWaitPost,
} from './metrics-wait.js';
import { loadOwnedPost } from './owned-post.js';

/**
 * AwaitMetricsRounds: stores the task token on the post and creates one EventBridge Scheduler
 * schedule per planned round, and one per early feedback-only collection (docs/feedback.md); the execution then waits, without a state transition per round,
 * until CollectMetrics closes the wait after the last round (or the state times out). With no
 * round planned (publish_failed, or no metrics schedule) the wait closes at once.
 *
 * @example
 * ```ts
 * await scheduleMetricsRounds({ postId, executionName, taskToken, metricsRounds: [{ round: 1, at }] });
 * ```
 */
export async function scheduleMetricsRounds(
  input: ScheduleMetricsRoundsInput,
): Promise<{ scheduled: number }> {
  if (input.metricsRounds.length === 0) {
    await loadOwnedPost(input);
    await succeedTask(input.taskToken, { roundsCollected: 0 }, { tolerateClosed: true });
    return { scheduled: 0 };
  }
  const post = await storeToken(input);
  for (const { round, at } of input.metricsRounds) {
    await createRoundSchedule({
      name: metricsScheduleName(input.executionName, round),
      expression: scheduleExpressionAt(at, Date.now()),
      input: { postId: input.postId, executionName: input.executionName, round, at },
    });
  }
  // Most replies come in the first 48 hours: feedback-only collections between the rounds.
  for (const check of earlyFeedbackChecks(post.publishedAt ?? '', input.metricsRounds, Date.now())) {
    await createRoundSchedule({
      name: earlyFeedbackScheduleName(input.executionName, check.hour),
      expression: scheduleExpressionAt(check.at, Date.now()),
      input: {
        postId: input.postId,
        executionName: input.executionName,
        round: check.round,
        at: check.at,
        feedbackHour: check.hour,
      },
    });
  }
  // A retried task whose rounds already ran has nobody left to close its new token.
  if (allRoundsRecorded(post)) await closeMetricsWait(post, input.executionName);
  return { scheduled: input.metricsRounds.length };
}

/** Stores the token (conditional on the execution and status); a repeat with the same token writes nothing. */
async function storeToken(input: ScheduleMetricsRoundsInput): Promise<MetricsWaitPost> {
  for (const _ of changeAttempts()) {
    const post: MetricsWaitPost = await loadOwnedPost(input);
    if (!collectingMetrics.includes(post.status)) {
      throw new UnexpectedStatusError(`cannot collect metrics of a post that is ${post.status}`, {
        context: { postId: post.postId },
      });
    }
    if (post.metricsTaskToken === input.taskToken) return post;
    const changed = await changePost(post.postId, {
      set: { metricsTaskToken: input.taskToken },
      when: { statusIn: collectingMetrics, executionName: input.executionName, revision: post.revision },
      log: {
        action: 'metrics_rounds_scheduled',
        actor: workflowActor(input.executionName),
        revision: post.revision,
        details: { rounds: input.metricsRounds.length, timeoutSeconds: input.metricsTimeoutSeconds },
      },
    });
    if (changed) return { ...post, metricsTaskToken: input.taskToken };
  }
  throw new ConcurrentChangeError('the post kept changing while its metric rounds were scheduled', {
    context: { postId: input.postId },
  });
}
