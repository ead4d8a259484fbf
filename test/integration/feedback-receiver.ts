import { useBeforeAll } from '../support/file-fixture.js';
import { type Harness, startHarness } from '../support/twin-harness.js';

/** The twin harness and the feedback-received function a file tests. */
export interface FeedbackReceiver {
  harness: Harness;
  /** Hands the function a bus event as EventBridge does: the same envelope again is a redelivery. */
  receive: (event: unknown) => Promise<unknown>;
  records: typeof import('../../functions/persistence/feedback.js');
}

/**
 * The file's feedback receiver: the twin harness started before its tests and closed after
 * them, and the feedback-received function invoked in it as its role, which reads the
 * feedback author key from the twin's Secrets Manager as the deployed function does.
 *
 * @example
 * ```ts
 * const feedback = useFeedbackReceiver();
 * it('records', async () => { await feedback.receive(envelope('Feedback Received', detail)); });
 * ```
 */
export const useFeedbackReceiver = (): FeedbackReceiver =>
  useBeforeAll(
    async () => {
      const harness = await startHarness();
      const receive = harness.handler('feedback-received');
      const records = await import('../../functions/persistence/feedback.js');
      return { harness, receive, records };
    },
    ({ harness }) => harness.aws.close(),
  );
