import type { MetricsRound, PublicationInput, PublicationRecorded } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { readEnv } from '../aws/run-scope.js';
import { ConcurrentChangeError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { metricsRounds, parseScheduleHours } from '../domain/metrics.js';
import { metricsTimeoutSeconds } from '../domain/metrics-schedule.js';
import { toUtc } from '../domain/time.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { listPublishRecords } from '../persistence/publish-records.js';
import { loadOwnedPost } from './owned-post.js';

const afterPublication: readonly string[] = [
  PostStatus.Published,
  PostStatus.PublishFailed,
  PostStatus.CollectingMetrics,
  PostStatus.Completed,
];

/**
 * RecordPublication: the post is `published` when any channel published, else
 * `publish_failed`; plans the metric rounds (METRICS_SCHEDULE_HOURS after publication, or
 * after now when every channel failed and one of them ambiguously: the rounds re-check it) and
 * how long AwaitMetricsRounds may wait for them (until the last round, plus a grace period).
 *
 * @example
 * ```ts
 * const { metricsRounds } = await recordPublication({ postId, executionName, channelOutcomes });
 * ```
 */
export async function recordPublication(input: PublicationInput): Promise<PublicationRecorded> {
  const hours = parseScheduleHours(readEnv('METRICS_SCHEDULE_HOURS'));
  for (const _ of changeAttempts()) {
    const post = await loadOwnedPost(input);
    const context = { postId: post.postId, revision: post.revision };
    if (afterPublication.includes(post.status)) {
      // A retry after the write: answer the same plan.
      const from = post.status === PostStatus.PublishFailed ? post.recheckFrom : post.publishedAt;
      return planned(post, from ? metricsRounds(from, hours) : []);
    }
    if (post.status !== PostStatus.Publishing) {
      throw new UnexpectedStatusError(`cannot record the publication of a post that is ${post.status}`, {
        context,
      });
    }
    const records = (await listPublishRecords(post.postId)).filter((r) => r.revision === post.revision);
    const published = input.channelOutcomes.filter((o) => o.status === 'published').map((o) => o.channel);
    const failed = input.channelOutcomes.filter((o) => o.status === 'failed').map((o) => o.channel);
    const anyPublished = published.length > 0;
    const publishedAt =
      records
        .filter((r) => r.status === 'published' && r.publishedAt)
        .map((r) => r.publishedAt as string)
        .sort()[0] ?? toUtc(Date.now());
    // Every channel failed, but a call that may have reached its platform is looked up again in
    // the rounds: the platform's list may have lagged behind every attempt.
    const recheckFrom =
      !anyPublished && records.some((r) => r.status === 'failed' && r.ambiguous)
        ? toUtc(Date.now())
        : undefined;
    const roundsFrom = anyPublished ? publishedAt : recheckFrom;
    const rounds = roundsFrom ? metricsRounds(roundsFrom, hours) : [];
    const status = anyPublished ? PostStatus.Published : PostStatus.PublishFailed;
    const changed = await changePost(post.postId, {
      set: {
        status,
        ...(anyPublished ? { publishedAt } : {}),
        ...(recheckFrom ? { recheckFrom } : {}),
        metricsRoundsPlanned: rounds.length,
      },
      when: {
        statusIn: [PostStatus.Publishing],
        revision: post.revision,
        executionName: input.executionName,
      },
      log: {
        action: status,
        actor: workflowActor(input.executionName),
        revision: post.revision,
        details: { published, failed, metricsRounds: rounds.length, recheck: Boolean(recheckFrom) },
      },
      // Sent for publish_failed too (with that status), so a calendar hears how the slot ended.
      events: [
        {
          type: OutboundEvent.PostPublished,
          detail: detailOf(post, {
            status,
            publishedAt: anyPublished ? publishedAt : undefined,
            scheduledAt: post.scheduledAt,
            channels: input.channelOutcomes,
          }),
        },
      ],
    });
    if (!changed) continue;
    return planned(post, rounds);
  }
  throw new ConcurrentChangeError('the post kept changing while its publication was recorded', {
    context: { postId: input.postId },
  });
}

function planned(post: { postId: string; revision: number }, rounds: MetricsRound[]): PublicationRecorded {
  return {
    postId: post.postId,
    revision: post.revision,
    metricsRounds: rounds,
    metricsTimeoutSeconds: metricsTimeoutSeconds(rounds, Date.now()),
  };
}
