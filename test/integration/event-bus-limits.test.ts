import { describe, expect, it } from 'vitest';
import { jsonDepth, putEventsEntrySize } from '../../functions/aws/event-bridge-limits.js';
import type { LocalTemplate } from '../../local/core/template.js';
import { AwsApiError } from '../../local/errors.js';
import { LocalEventBus, type PutEventsEntry } from '../../local/event-bus.js';
import type { LambdaHost } from '../../local/lambda-host.js';
import { defaultSpeed } from '../../local/speed.js';

/*
 * The twin's bus refuses what EventBridge refuses, in the same shape: a request-level
 * ValidationException for too many entries or too many bytes (nothing is delivered), and a
 * per-entry ErrorCode for an entry EventBridge would not take (the others are delivered).
 */

function bus(): LocalEventBus {
  const template = {
    bus: {
      logicalId: 'Bus',
      name: 'brandflow',
      arn: 'arn:aws:events:us-east-1:000000000000:event-bus/brandflow',
    },
    rules: [],
    functions: {},
  } as unknown as LocalTemplate;
  return new LocalEventBus({
    template,
    host: {} as LambdaHost,
    speed: defaultSpeed,
    onEvent: () => undefined,
  });
}

const entry = (detail: string, extra: Partial<PutEventsEntry> = {}): PutEventsEntry => ({
  EventBusName: 'brandflow',
  Source: 'my.cms',
  DetailType: 'Cancel Post',
  Detail: detail,
  ...extra,
});
const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const padded = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });

describe('the twin’s PutEvents refuses what EventBridge refuses', () => {
  it('counts an entry’s size as EventBridge documents it: UTF-8 bytes, Time 14', () => {
    // Act
    const plain = putEventsEntrySize({ Source: 'my.cms', DetailType: 'Cancel Post', Detail: '{}' });
    const timed = putEventsEntrySize({
      Source: 'é',
      DetailType: '春',
      Detail: '{}',
      Time: 1,
      Resources: ['r'],
    });
    // Assess
    expect(plain).toBe(6 + 11 + 2);
    expect(timed).toBe(14 + 2 + 3 + 2 + 1);
  });

  it('refuses an entry over 256 KB on its own, and delivers the others of the request', () => {
    // Prepare
    const twin = bus();
    // Act
    const answer = twin.putEvents(
      [entry('{"ok":1}'), entry(padded(256 * 1024)), entry('{"ok":2}')],
      'integrator',
    );
    // Assess
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries).toEqual([
      { EventId: expect.any(String) },
      { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('256 KB') },
      { EventId: expect.any(String) },
    ]);
    expect(twin.events.map((e) => e.detail)).toEqual([{ ok: 1 }, { ok: 2 }]);
  });

  it('takes an entry just under 256 KB', () => {
    // Prepare
    const twin = bus();
    const detail = padded(256 * 1024 - 'my.cms'.length - 'Cancel Post'.length);
    // Act
    const answer = twin.putEvents([entry(detail)], 'integrator');
    // Assess
    expect(answer.FailedEntryCount).toBe(0);
  });

  it('refuses a request of more than 10 entries or over 1 MB whole, delivering nothing', () => {
    // Prepare
    const twin = bus();
    // Act
    const eleven = () =>
      twin.putEvents(
        Array.from({ length: 11 }, () => entry('{}')),
        'integrator',
      );
    const large = () =>
      twin.putEvents(
        Array.from({ length: 5 }, () => entry(padded(250 * 1024))),
        'integrator',
      );
    // Assess
    expect(eleven).toThrow(AwsApiError);
    expect(large).toThrow(/Total size of the entries/);
    expect(twin.events).toEqual([]);
  });

  it('answers a detail nested deeper than 1,100 levels with MalformedDetail, never a failure of the request', () => {
    // Prepare
    const twin = bus();
    // Act
    const answer = twin.putEvents(
      [entry('{"first":true}'), entry(nested(5_000)), entry(nested(1_100))],
      'integrator',
    );
    // Assess
    expect(answer.Entries).toEqual([
      { EventId: expect.any(String) },
      { ErrorCode: 'MalformedDetail', ErrorMessage: expect.stringContaining('1100') },
      { EventId: expect.any(String) },
    ]);
    expect(twin.events).toHaveLength(2);
  });

  it('measures nesting without parsing, strings and escapes aside', () => {
    expect(jsonDepth('{"a":[{"b":"[[{\\"}"}]}')).toBe(3);
    expect(jsonDepth(nested(200_000))).toBe(200_000);
  });
});
