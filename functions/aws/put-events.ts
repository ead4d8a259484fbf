import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EventPublishError } from '../domain/errors.js';
import { EVENT_SOURCE } from '../domain/events.js';
import { requireEnv } from './env.js';
import { eventBridge } from './event-bridge.js';
import type { StoredEvent } from './event-bus.js';

/**
 * Puts stored events on EVENT_BUS_NAME, in one PutEvents call (at most 10 entries). Only the
 * outbox forwarder calls it: handlers write their events with the change they report.
 *
 * @example
 * ```ts
 * await putOnBus([{ detailType: 'Post Cancelled', detail }]);
 * ```
 */
export async function putOnBus(events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const bus = requireEnv('EVENT_BUS_NAME');
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: events.map((event) => ({
        EventBusName: bus,
        Source: EVENT_SOURCE,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
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
