import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { FeedbackAuthorKeyError } from '../domain/errors.js';
import { readEnv } from './run-scope.js';
import { secretsCache, secretsManager } from './secrets-manager.js';

/** The variable naming the secret that holds the feedback author key (infra/constructs/feedback-author-key.ts). */
export const FEEDBACK_AUTHOR_KEY_ENV = 'FEEDBACK_AUTHOR_KEY_SECRET';

/** A key shorter than this is not one the stack generated (64 characters). */
const MIN_KEY_LENGTH = 32;

const keys = secretsCache<Promise<string>>();

async function readKey(secretId: string): Promise<string> {
  let value: string | undefined;
  try {
    value = (await secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (cause) {
    throw new FeedbackAuthorKeyError('the feedback author key cannot be read', {
      cause,
      context: { secretId },
    });
  }
  if (!value || value.length < MIN_KEY_LENGTH) {
    throw new FeedbackAuthorKeyError(
      `the feedback author key is empty or shorter than ${MIN_KEY_LENGTH} characters`,
      {
        context: { secretId },
      },
    );
  }
  return value;
}

/**
 * The key feedback authors are hashed with: the stack's generated secret named by
 * `FEEDBACK_AUTHOR_KEY_SECRET`, read once per container and kept in memory (never logged).
 * Throws {@link FeedbackAuthorKeyError} when no secret is named or it cannot be read: a
 * record is refused rather than hashed with a key anyone could guess. A failed read is not
 * cached, so the next call tries again.
 *
 * @example
 * ```ts
 * const hash = authorHash(await feedbackAuthorKey(), 'mastodon', '@ana@example.social');
 * ```
 */
export function feedbackAuthorKey(): Promise<string> {
  const secretId = readEnv(FEEDBACK_AUTHOR_KEY_ENV);
  if (!secretId) {
    return Promise.reject(
      new FeedbackAuthorKeyError('no feedback author key secret is configured', {
        context: { variable: FEEDBACK_AUTHOR_KEY_ENV },
      }),
    );
  }
  const cache = keys();
  let key = cache.get(secretId);
  if (!key) {
    const read = readKey(secretId);
    cache.set(secretId, read);
    read.catch(() => {
      if (cache.get(secretId) === read) cache.delete(secretId);
    });
    key = read;
  }
  return key;
}
