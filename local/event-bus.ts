import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  jsonDepth,
  MAX_DETAIL_DEPTH,
  MAX_PUT_EVENTS_ENTRIES,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  MAX_PUT_EVENTS_REQUEST_BYTES,
  putEventsEntrySize,
} from '../functions/aws/event-bridge-limits.js';
import { EVENT_SOURCE } from '../functions/domain/events.js';
import { toUtc } from '../functions/domain/time.js';
import { LocalAws, type LocalTemplate } from './core/template.js';
import type { DeadLetters } from './dead-letters.js';
import { AwsApiError } from './errors.js';
import { matchesEventPattern } from './event-pattern.js';
import type { LambdaHost } from './lambda-host.js';
import { type LocalSpeed, redeliveryPause } from './speed.js';
import type { LocalBusEvent, LocalDelivery, LocalRuntimeEvent } from './types.js';

export interface LocalEventBusOptions {
  template: LocalTemplate;
  host: LambdaHost;
  speed: LocalSpeed;
  onEvent: (event: LocalRuntimeEvent) => void;
  /** JSON-lines file every accepted event is appended to; none when omitted. */
  eventsFile?: string;
  /** Where an event whose target failed every attempt goes, as on AWS, when the function has an on-failure queue. */
  deadLetters?: DeadLetters;
}

/** One PutEvents request entry, as the SDK sends it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number | string;
}

/**
 * EventBridge for the template's bus: records every event and delivers it, at least once, to
 * the Lambda targets of the rules whose pattern matches.
 */
export class LocalEventBus {
  readonly events: LocalBusEvent[] = [];
  /** Final outcomes, in the order deliveries ended. */
  readonly delivered: LocalDelivery[] = [];
  private readonly deliveries = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: LocalEventBusOptions) {
    if (options.eventsFile) mkdirSync(dirname(options.eventsFile), { recursive: true });
  }

  /**
   * PutEvents: answers per entry like EventBridge (an `EventId`, or an `ErrorCode` for an entry
   * it refuses) and starts deliveries without waiting for them.
   */
  putEvents(
    entries: unknown,
    origin: LocalBusEvent['origin'],
  ): { FailedEntryCount: number; Entries: object[] } {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_PUT_EVENTS_ENTRIES) {
      throw new AwsApiError(
        'ValidationException',
        `Entries must hold 1 to ${MAX_PUT_EVENTS_ENTRIES} entries`,
      );
    }
    const total = entries.reduce(
      (sum: number, entry: PutEventsEntry) => sum + putEventsEntrySize(entry ?? {}),
      0,
    );
    if (total > MAX_PUT_EVENTS_REQUEST_BYTES) {
      throw new AwsApiError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    // Every entry is checked before any is delivered: a refusal never follows a partial delivery.
    const refusals = entries.map((entry: PutEventsEntry) => validate(entry));
    const results = entries.map((entry: PutEventsEntry, index) => {
      const refused = refusals[index];
      if (refused) return { ErrorCode: refused.code, ErrorMessage: refused.message };
      // The bus policy denies `source: brandflow` to all but Brandflow's own roles (BusLockdown).
      if (origin === 'integrator' && entry.Source === EVENT_SOURCE) {
        return {
          ErrorCode: 'AccessDeniedException',
          ErrorMessage: `not authorized to perform events:PutEvents with source ${EVENT_SOURCE} on the bus, with an explicit deny in a resource-based policy`,
        };
      }
      try {
        return { EventId: this.accept(entry, origin).id };
      } catch (error) {
        return {
          ErrorCode: 'InternalException',
          ErrorMessage: error instanceof Error ? error.message : 'the entry could not be processed',
        };
      }
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Waits for deliveries in flight (retries included) to finish, then refuses new ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  private accept(entry: PutEventsEntry, origin: LocalBusEvent['origin']): LocalBusEvent {
    const { bus } = this.options.template;
    const busName = entry.EventBusName ? entry.EventBusName.replace(/^arn:.*:event-bus\//, '') : 'default';
    const time =
      entry.Time === undefined ? new Date() : new Date(Number(entry.Time) * 1000 || String(entry.Time));
    const event: LocalBusEvent = {
      id: randomUUID(),
      version: '0',
      account: LocalAws.accountId,
      time: toUtc(time.getTime()),
      region: LocalAws.region,
      source: String(entry.Source),
      'detail-type': String(entry.DetailType),
      detail: JSON.parse(String(entry.Detail)) as Record<string, unknown>,
      resources: entry.Resources ?? [],
      eventBusName: busName,
      origin,
    };
    this.events.push(event);
    if (this.options.eventsFile) appendFileSync(this.options.eventsFile, `${JSON.stringify(event)}\n`);
    this.options.onEvent({ type: 'event-put', event });
    if (busName === bus.name) this.route(event);
    return event;
  }

  private route(event: LocalBusEvent): void {
    const { template } = this.options;
    const { eventBusName: _bus, origin: _origin, ...envelope } = event;
    for (const rule of template.rules) {
      if (rule.eventBus !== template.bus.logicalId && rule.eventBus !== template.bus.name) continue;
      if (!matchesEventPattern(rule.eventPattern, envelope)) continue;
      for (const target of rule.targets) {
        const attempts = Math.min(
          this.options.speed.deliveryAttempts,
          (target.maximumRetryAttempts ?? 185) + 1,
        );
        const delivery = this.deliver(envelope, target.functionLogicalId, target.entry, attempts);
        this.deliveries.add(delivery);
        void delivery.finally(() => this.deliveries.delete(delivery));
      }
    }
  }

  private async deliver(envelope: object, logicalId: string, entry: string, attempts: number): Promise<void> {
    const event = envelope as { id: string; 'detail-type': string };
    // Asynchronous like EventBridge: the PutEvents caller never waits for the target.
    await new Promise((resolve) => setImmediate(resolve));
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await this.options.host.invoke(logicalId, envelope);
        this.delivered.push({
          eventId: event.id,
          detailType: event['detail-type'],
          target: entry,
          status: 'delivered',
          attempts: attempt,
        });
        this.options.onEvent({
          type: 'event-delivered',
          eventId: event.id,
          detailType: event['detail-type'],
          target: entry,
          attempt,
        });
        return;
      } catch (error) {
        const willRetry = attempt < attempts && !this.stopped;
        this.options.onEvent({
          type: 'event-delivery-failed',
          eventId: event.id,
          detailType: event['detail-type'],
          target: entry,
          attempt,
          error: error instanceof Error ? error.name : 'Error',
          willRetry,
        });
        if (!willRetry) {
          const fn = this.options.template.functions[logicalId];
          const deadLetterQueue =
            fn && this.options.deadLetters?.addLambdaFailure(fn, envelope, error, attempt);
          this.delivered.push({
            eventId: event.id,
            detailType: event['detail-type'],
            target: entry,
            status: 'dropped',
            attempts: attempt,
            deadLetterQueue,
          });
          this.options.onEvent({
            type: 'event-dropped',
            eventId: event.id,
            detailType: event['detail-type'],
            target: entry,
          });
          return;
        }
        await redeliveryPause(this.options.speed, attempt);
      }
    }
  }
}

/** Why EventBridge would refuse this entry, with its `ErrorCode`; nothing when it would take it. */
function validate(entry: PutEventsEntry): { code: string; message: string } | undefined {
  const invalid = (message: string) => ({ code: 'InvalidArgument', message });
  const malformed = (message: string) => ({ code: 'MalformedDetail', message });
  if (!entry || typeof entry !== 'object') return invalid('entry must be an object');
  if (!entry.Source) return invalid('Parameter Source is not valid. Reason: Source is a required argument.');
  if (!entry.DetailType)
    return invalid('Parameter DetailType is not valid. Reason: DetailType is a required argument.');
  if (!entry.Detail) return invalid('Parameter Detail is not valid. Reason: Detail is a required argument.');
  if (putEventsEntrySize(entry) > MAX_PUT_EVENTS_ENTRY_BYTES) {
    return invalid(`Event entry is larger than the ${MAX_PUT_EVENTS_ENTRY_BYTES / 1024} KB limit.`);
  }
  if (jsonDepth(entry.Detail) > MAX_DETAIL_DEPTH) {
    return malformed(`Detail nests deeper than ${MAX_DETAIL_DEPTH} levels.`);
  }
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    if (!detail || typeof detail !== 'object' || Array.isArray(detail))
      return malformed('Detail must be a JSON object.');
  } catch {
    return malformed('Detail is malformed.');
  }
  return undefined;
}
