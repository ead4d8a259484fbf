import { randomUUID } from 'node:crypto';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import type { LocalSchedule } from '../../local/scheduler.js';
import { serveFeedbackAuthorKey } from './feedback-author-key.js';

/** The local twin a feedback test drives, and what it holds for the test to assess. */
export interface FeedbackTwin {
  twin: LocalBrandflow;
  /** The feedback author key, served with its reads counted (test/support/feedback-author-key.ts). */
  authorKey: Awaited<ReturnType<typeof serveFeedbackAuthorKey>>;
  /** The one-time schedules the twin's Scheduler holds for a feedback item, earliest first. */
  schedulesOf(feedbackId: string): LocalSchedule[];
  stop(): Promise<void>;
}

/**
 * Starts the local twin on a fresh table of the global DynamoDB Local, for tests that call the
 * feedback use cases themselves at the instants they name (often in the past). The twin's
 * Scheduler keeps every schedule those use cases create but fires none: a past schedule would
 * otherwise run the SLA check at once, racing the checks the test makes. Import the functions'
 * modules after this resolves: the twin sets their environment.
 *
 * @example
 * ```ts
 * const feedback = await startFeedbackTwin();
 * const { recordFeedback } = await import('../../functions/use-cases/record-feedback.js');
 * feedback.schedulesOf(feedbackId); // [reminder, escalation]
 * ```
 */
export async function startFeedbackTwin(): Promise<FeedbackTwin> {
  const twin = await startLocalBrandflow({
    dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tableName: `brandflow-feedback-${randomUUID()}`,
  });
  await twin.scheduler.stop();
  const authorKey = await serveFeedbackAuthorKey();
  return {
    twin,
    authorKey,
    schedulesOf: (feedbackId) =>
      twin.scheduler
        .list({})
        .schedules.filter((s) => JSON.parse(s.target.Input ?? '{}').feedbackId === feedbackId)
        .sort((a, b) => a.fireAt - b.fireAt),
    stop: async () => {
      await authorKey.close();
      await twin.stop();
    },
  };
}
