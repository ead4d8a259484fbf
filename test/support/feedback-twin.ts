import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { synthesizeLocalTemplate } from '../../local/core/template.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import type { LocalSchedule } from '../../local/scheduler.js';
import { serveFeedbackAuthorKey } from './feedback-author-key.js';
import { actAsClientOf } from './run-client.js';

/** The local twin a feedback test drives, and what it holds for the test to assess. */
export interface FeedbackTwin {
  twin: LocalBrandflow;
  /** The twin's table, and a client on it for reading and setting items as they are stored. */
  table: string;
  documents: DynamoDBDocumentClient;
  /** The feedback author key, served with its reads counted (test/support/feedback-author-key.ts). */
  authorKey: Awaited<ReturnType<typeof serveFeedbackAuthorKey>>;
  /** The one-time schedules the twin's Scheduler holds for a feedback item, earliest first. */
  schedulesOf(feedbackId: string): LocalSchedule[];
  stop(): Promise<void>;
}

/**
 * Starts the local twin on a fresh table of the global DynamoDB Local, for tests that call the
 * feedback use cases themselves at the instants they name (often in the past), and assess what
 * they wrote. The twin answers their AWS calls with its IAM check, but nothing runs behind the
 * test's back: its Scheduler keeps every schedule those use cases create and fires none (a past
 * schedule would run the SLA check at once, racing the checks the test makes), and the table's
 * stream drives no forwarder, so the events a use case writes stay in its outbox item for the
 * test to read instead of reaching functions such as the reply sender. Import the functions'
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
  const twin = actAsClientOf(
    await startLocalBrandflow({
      dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
      tableName: `brandflow-feedback-${randomUUID()}`,
      template: { ...synthesizeLocalTemplate(), streamSources: [] },
    }),
  );
  await twin.scheduler.stop();
  const authorKey = await serveFeedbackAuthorKey();
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return {
    twin,
    table: twin.env.TABLE_NAME as string,
    documents,
    authorKey,
    schedulesOf: (feedbackId) =>
      twin.scheduler
        .list({})
        .schedules.filter((s) => JSON.parse(s.target.Input ?? '{}').feedbackId === feedbackId)
        .sort((a, b) => a.fireAt - b.fireAt),
    stop: async () => {
      documents.destroy();
      await authorKey.close();
      await twin.stop();
    },
  };
}
