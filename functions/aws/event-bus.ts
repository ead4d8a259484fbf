import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SCHEMA_VERSION } from '../contract/version.js';
import { BrandflowError } from '../domain/errors.js';
import { EVENT_SOURCE, type EventDetailBase, type OutboundEvent } from '../domain/events.js';
import { currentCorrelationId } from './correlation.js';
import { requireEnv } from './env.js';
import { eventBridge } from './event-bridge.js';

/** EventBridge refused one or more entries. */
export class EventPublishError extends BrandflowError {
  override name = 'EventPublishError';
}

export interface OutboundEntry {
  type: OutboundEvent;
  detail: EventDetailBase;
}

/**
 * Puts Brandflow events on EVENT_BUS_NAME. Delivery is at least once: consumers must
 * tolerate a repeat (handlers re-emit after a crash rather than lose an event).
 *
 * @example
 * ```ts
 * await emit({ type: OutboundEvent.PostCancelled, detail: { postId, revision, brandId, occurredAt } });
 * ```
 */
export async function emit(...entries: OutboundEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const bus = requireEnv('EVENT_BUS_NAME');
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: entries.map((entry) => ({
        EventBusName: bus,
        Source: EVENT_SOURCE,
        DetailType: entry.type,
        Detail: JSON.stringify(withContractFields(entry.detail)),
      })),
    }),
  );
  if ((result.FailedEntryCount ?? 0) > 0) {
    const codes = (result.Entries ?? []).map((e) => e.ErrorCode).filter(Boolean);
    throw new EventPublishError(
      `EventBridge refused ${result.FailedEntryCount} event(s): ${codes.join(', ')}`,
      {
        context: { failed: result.FailedEntryCount },
      },
    );
  }
}

/**
 * Adds the contract's `schemaVersion` and a `correlationId`: the one given, else the inbound
 * event's being handled, else the execution name (`<postId>-r<revision>`) for the workflow's own events.
 */
function withContractFields(detail: EventDetailBase): EventDetailBase {
  const fallback = detail.postId ? `${detail.postId}-r${detail.revision}` : 'brandflow';
  return {
    ...detail,
    schemaVersion: SCHEMA_VERSION,
    correlationId:
      typeof detail.correlationId === 'string' ? detail.correlationId : (currentCorrelationId() ?? fallback),
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
