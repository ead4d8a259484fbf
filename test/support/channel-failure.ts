import { ChannelFailure } from '../../functions/channels/channel-adapter.js';

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
