import { randomUUID } from 'node:crypto';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLocalClock } from '../../local/clock.js';
import type { LocalTemplate } from '../../local/core/template.js';
import { createLambdaHost } from '../../local/lambda-host.js';
import { defaultSpeed } from '../../local/speed.js';
import { LocalStepFunctions } from '../../local/step-functions.js';
import type { LocalExecution } from '../../local/types.js';
import { Waiters } from '../../local/waiters.js';
import { scheduledCalls } from '../support/scheduled-target.js';
import { scheduledTargetFunction } from '../support/scheduled-target-function.js';

const HOUR = 3600_000;
/** How long the lease a handler takes lasts: far less than the two hours the Wait state jumps. */
const LEASE_MS = 5 * 60_000;

const target = scheduledTargetFunction();
const stateMachine = {
  logicalId: 'WaitThenRecord',
  name: 'wait-then-record',
  arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:wait-then-record',
};
/** Two hours of AWS waiting, then a task that records the time it reads. */
const definition: StateMachineDefinition = {
  StartAt: 'WaitTwoHours',
  States: {
    WaitTwoHours: { Type: 'Wait', Seconds: 2 * 3600, Next: 'RecordTime' },
    RecordTime: { Type: 'Task', Resource: target.arn, End: true },
  },
};
const template: LocalTemplate = {
  definition,
  stateMachine,
  tasks: { RecordTime: { functionLogicalId: target.logicalId, entry: target.entry, integration: 'direct' } },
  functions: { [target.logicalId]: target },
  table: { logicalId: 'Table', name: 'unused', properties: {} },
  bus: { logicalId: 'Bus', name: 'unused', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/unused' },
  rules: [],
  scheduleGroups: [],
  streamSources: [],
  buckets: [],
  resourceArns: {},
  resources: {},
};

let uninstallClock: () => void;
const host = createLambdaHost({ [target.logicalId]: target });
const waiters = new Waiters();
const sfn = new LocalStepFunctions({
  template,
  definition,
  host,
  speed: defaultSpeed,
  onEvent: () => waiters.notify(),
});
const closed = (name: string) =>
  waiters.until<LocalExecution>(`execution ${name} to close`, 20_000, () => {
    const execution = sfn.executions.get(name);
    return execution && execution.status !== 'RUNNING' ? execution : undefined;
  });

beforeAll(() => {
  uninstallClock = installLocalClock();
});
afterAll(async () => {
  await sfn.stopAll();
  await host.idle();
  uninstallClock();
});

describe("the twin's clock while a handler runs", () => {
  it("holds another execution's Wait state that ends during the invocation, then jumps right after it", async () => {
    // Prepare: a handler that takes a lease and works for several of the twin's compressed waits
    const marker = randomUUID();
    const leaseUntil = Date.now() + LEASE_MS;
    const working = host.invoke(target.logicalId, { marker, workMs: 4 * defaultSpeed.waitMs });

    // Act: meanwhile an execution waits two hours, a wait the twin compresses to waitMs
    const name = `wait-${marker.slice(0, 8)}`;
    const wakeAt = Date.now() + 2 * HOUR;
    sfn.startExecution({ stateMachineArn: stateMachine.arn, name, input: JSON.stringify({ name }) });
    await working;
    const execution = await closed(name);

    // Assess: the clock stood still for the call's lease; the task after the wait read its time
    const call = scheduledCalls().find((c) => c.event.marker === marker);
    const task = scheduledCalls().find((c) => c.event.name === name);
    expect(execution.status).toBe('SUCCEEDED');
    expect(call?.endedAt).toBeLessThan(leaseUntil);
    expect(task?.ranAt).toBeGreaterThanOrEqual(wakeAt);
    expect(task?.ranAt).toBeLessThan(wakeAt + LEASE_MS);
  });
});
