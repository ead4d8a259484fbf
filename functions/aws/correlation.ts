import { AsyncLocalStorage } from 'node:async_hooks';

/** What the work under way is answering: the correlation id, and the inbound event's id if any. */
interface Scope {
  correlationId: string;
  eventId?: string;
}

const current = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` with a correlation id that every event it emits carries; `eventId` (the inbound
 * event's id) makes the events it emits outside a post change the same on a redelivery.
 *
 * @example
 * ```ts
 * await withCorrelation(event.detail.correlationId ?? event.id, () => cancelPost(event), event.id);
 * ```
 */
export function withCorrelation<T>(
  correlationId: string,
  work: () => Promise<T>,
  eventId?: string,
): Promise<T> {
  return current.run({ correlationId, eventId }, work);
}

/** The correlation id of the inbound event being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return current.getStore()?.correlationId;
}

/** The id of the inbound event being handled, if any. */
export function currentInboundEventId(): string | undefined {
  return current.getStore()?.eventId;
}
