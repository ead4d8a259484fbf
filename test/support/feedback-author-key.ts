import { randomBytes } from 'node:crypto';
import { FEEDBACK_AUTHOR_KEY_ENV } from '../../functions/aws/feedback-author-key.js';
import { LocalSecrets, startAwsEndpoint } from '../../local/aws-endpoint.js';

/** The name tests give the feedback author key, as the stack names it. */
export const TEST_AUTHOR_KEY_SECRET = 'brandflow-test/feedback-author-key';

/**
 * Serves the feedback author key from the Secrets Manager twin, as the deployed stack holds
 * it, and points the functions at it (`FEEDBACK_AUTHOR_KEY_SECRET`, the Secrets Manager
 * endpoint). Counts the reads, so a test can prove the key is cached per container.
 *
 * @example
 * ```ts
 * const authorKey = await serveFeedbackAuthorKey();
 * afterAll(() => authorKey.close());
 * ```
 */
export async function serveFeedbackAuthorKey() {
  const key = randomBytes(32).toString('hex');
  const reads = { count: 0 };
  const secrets = new (class extends LocalSecrets {
    override get(secretId: string) {
      reads.count += 1;
      return super.get(secretId);
    }
  })();
  secrets.put(TEST_AUTHOR_KEY_SECRET, key);
  // Only Secrets Manager is called here: the Step Functions and EventBridge twins are not needed.
  const endpoint = await startAwsEndpoint({} as never, {} as never, secrets);
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint.url;
  process.env[FEEDBACK_AUTHOR_KEY_ENV] = TEST_AUTHOR_KEY_SECRET;
  return { key, reads, close: () => endpoint.close() };
}
