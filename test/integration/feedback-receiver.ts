import { serveFeedbackAuthorKey } from '../support/feedback-author-key.js';
import { useBeforeAll } from '../support/file-fixture.js';
import { type Harness, startHarness } from '../support/twin-harness.js';

/** The store harness, the served author key and the feedback-received handler a file tests. */
export interface FeedbackReceiver {
  harness: Harness;
  receive: (event: unknown, context: never) => Promise<unknown>;
  records: typeof import('../../functions/persistence/feedback.js');
}

/**
 * The file's feedback receiver: the store harness and the author key started before its tests,
 * the feedback-received handler relayed through the harness, all closed after them.
 *
 * @example
 * ```ts
 * const feedback = useFeedbackReceiver();
 * it('records', async () => { await feedback.receive(envelope('Feedback Received', detail), {} as never); });
 * ```
 */
export const useFeedbackReceiver = (): FeedbackReceiver =>
  useBeforeAll(
    async () => {
      const harness = await startHarness();
      const authorKey = await serveFeedbackAuthorKey();
      const receive = harness.relayed(
        (await import('../../functions/handlers/feedback-received.js')).handler as never,
      ) as FeedbackReceiver['receive'];
      const records = await import('../../functions/persistence/feedback.js');
      return { harness, receive, records, close: () => authorKey.close() };
    },
    async ({ harness, close }) => {
      await harness.aws.close();
      await close();
    },
  );
