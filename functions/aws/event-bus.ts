import { SCHEMA_VERSION } from '../contract/version.js';
import type { EventDetailBase, OutboundEvent } from '../domain/events.js';
import { currentCorrelationId } from './correlation.js';

export interface OutboundEntry {
  type: OutboundEvent;
  detail: EventDetailBase;
}

/** An outbound event as the outbox keeps it: contract fields resolved when the change was written. */
export interface StoredEvent {
  detailType: string;
  detail: EventDetailBase;
}

/**
 * An entry as the outbox stores it, with the contract's `schemaVersion` and a `correlationId`:
 * the one given, else the inbound event's being handled, else the execution name
 * (`<postId>-r<revision>`) for the workflow's own events. Resolved at write time, since the
 * forwarder runs outside the handler's context.
 *
 * @example
 * ```ts
 * const stored = toStoredEvent({ type: OutboundEvent.PostCancelled, detail });
 * ```
 */
export function toStoredEvent(entry: OutboundEntry): StoredEvent {
  const { detail } = entry;
  const fallback = detail.postId ? `${detail.postId}-r${detail.revision}` : 'brandflow';
  return {
    detailType: entry.type,
    detail: {
      ...detail,
      schemaVersion: SCHEMA_VERSION,
      correlationId:
        typeof detail.correlationId === 'string'
          ? detail.correlationId
          : (currentCorrelationId() ?? fallback),
    },
  };
}

/**
 * The common detail of every outbound event.
 *
 * @example
 * ```ts
 * detailOf(post, { reason: 'review expired' });
 * ```
 */
export function detailOf(
  post: { postId: string; revision: number; brandId: string },
  extra: Record<string, unknown> = {},
): EventDetailBase {
  return {
    postId: post.postId,
    revision: post.revision,
    brandId: post.brandId,
    occurredAt: new Date().toISOString(),
    ...extra,
  };
}
