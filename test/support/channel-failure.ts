import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishRequest,
} from '../../functions/channels/core/channel-adapter.js';

/**
 * The {@link ChannelFailure} a call ends with; anything else (success included) fails the test.
 *
 * @example
 * ```ts
 * expect((await failureOf(adapter.publish(request))).kind).toBe('processing');
 * ```
 */
export async function failureOf(promise: Promise<unknown>): Promise<ChannelFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChannelFailure)) throw new Error(`expected a ChannelFailure, got ${String(error)}`);
  return error;
}

/**
 * Runs `publish` as the workflow's attempts do (after a transient failure, a rate limit or
 * media still processing) until it publishes: the post and the failure kinds met on the way.
 *
 * @example
 * ```ts
 * const { published, failures } = await attemptsUntilPublished(adapter, request); // failures: ['processing']
 * ```
 */
export async function attemptsUntilPublished(adapter: ChannelAdapter, request: PublishRequest) {
  const failures: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      return { published: await adapter.publish(request), failures };
    } catch (error) {
      if (!(error instanceof ChannelFailure) || error.kind === 'permanent') throw error;
      failures.push(error.kind);
    }
  }
  throw new Error(`not published after 5 attempts: ${failures.join(', ')}`);
}
