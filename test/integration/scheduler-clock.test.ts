import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLocalClock } from '../../local/clock.js';
import { DeadLetters } from '../../local/dead-letters.js';
import { createLambdaHost } from '../../local/lambda-host.js';
import { LocalScheduler } from '../../local/scheduler.js';
import { defaultSpeed } from '../../local/speed.js';
import type { LocalScheduleRun } from '../../local/types.js';
import { scheduledCalls } from '../support/scheduled-target.js';
import { scheduledTargetFunction } from '../support/scheduled-target-function.js';

const HOUR = 3600_000;
/** How long the lease a handler takes lasts: far less than the schedule's two hours ahead. */
const LEASE_MS = 5 * 60_000;

const target = scheduledTargetFunction();

let uninstallClock: () => void;
let scheduler: LocalScheduler;
let completed: (run: LocalScheduleRun) => void;
/** The first schedule run that completes. */
const completion = new Promise<LocalScheduleRun>((resolve) => {
  completed = resolve;
});
const host = createLambdaHost({ [target.logicalId]: target });

beforeAll(() => {
  uninstallClock = installLocalClock();
  scheduler = new LocalScheduler({
    functions: { [target.logicalId]: target },
    host,
    speed: defaultSpeed,
    deadLetters: new DeadLetters(),
    onEvent: (event) => {
      if (event.type === 'schedule-completed') completed(event.run);
    },
    groups: [],
  });
});
afterAll(async () => {
  await scheduler.stop();
  uninstallClock();
});

describe("the twin's clock while a handler runs", () => {
  it('holds a schedule that falls due during the invocation, so a lease the handler took survives', async () => {
    // Prepare: a schedule two hours ahead, which the twin reaches by jumping its clock
    const marker = randomUUID();
    const fireAt = Math.ceil((Date.now() + 2 * HOUR) / 1000) * 1000;
    const { ScheduleArn } = scheduler.create(`held-${marker.slice(0, 8)}`, {
      ScheduleExpression: `at(${new Date(fireAt).toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: target.arn, RoleArn: 'arn:aws:iam::000000000000:role/SchedulerRole', Input: '{}' },
    });

    // Act: a handler takes a lease and works for several of the twin's compressed waits
    const leaseUntil = Date.now() + LEASE_MS;
    await host.invoke(target.logicalId, { marker, workMs: 4 * defaultSpeed.waitMs });
    const run = await completion;

    // Assess: the lease held to the end of the call (the handler's own last reading of the
    // clock); the schedule fired afterwards, at its time
    const calls = scheduledCalls().filter((call) => call.event.marker === marker);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.endedAt).toBeLessThan(leaseUntil);
    expect(run.scheduleArn).toBe(ScheduleArn);
    const fired = scheduledCalls().find((call) => call.event.marker === undefined && call.ranAt >= fireAt);
    expect(fired?.ranAt).toBeGreaterThanOrEqual(fireAt);
  });
});
