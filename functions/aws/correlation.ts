import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

/**
 * Runs `work` with a correlation id that every event it emits carries.
 *
 * @example
 * ```ts
 * await withCorrelation(event.detail.correlationId ?? event.id, () => cancelPost(event));
 * ```
 */
export function withCorrelation<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
  return current.run(correlationId, work);
}

/** The correlation id of the inbound event being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return current.getStore();
}
