import { randomUUID } from 'node:crypto';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLocalClock } from '../../local/clock.js';
import type { LocalTask, LocalTemplate } from '../../local/core/template.js';
import { createLambdaHost } from '../../local/lambda-host.js';
import { defaultSpeed, type LocalSpeed } from '../../local/speed.js';
import { LocalStepFunctions } from '../../local/step-functions.js';
import type { LocalExecution } from '../../local/types.js';
import { Waiters } from '../../local/waiters.js';
import { scheduledCalls } from '../support/scheduled-target.js';
import { scheduledTargetFunction } from '../support/scheduled-target-function.js';

const HOUR = 3600_000;
/** How long the lease a handler takes lasts: far less than the two hours the Wait state jumps. */
const LEASE_MS = 5 * 60_000;

const target = scheduledTargetFunction();
const host = createLambdaHost({ [target.logicalId]: target });
const waiters = new Waiters();
const machines: LocalStepFunctions[] = [];

/**
 * A state machine of one or two states around the scheduled-target handler, run by the twin's
 * Step Functions on `host`: `tasks` names the Task states and how they call the handler.
 */
function machine(
  name: string,
  definition: StateMachineDefinition,
  tasks: Record<string, LocalTask['integration']>,
  speed: LocalSpeed = defaultSpeed,
) {
  const arn = `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;
  const template: LocalTemplate = {
    definition,
    stateMachine: { logicalId: name, name, arn },
    tasks: Object.fromEntries(
      Object.entries(tasks).map(([state, integration]) => [
        state,
        { functionLogicalId: target.logicalId, entry: target.entry, integration },
      ]),
    ),
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
  const sfn = new LocalStepFunctions({ template, definition, host, speed, onEvent: () => waiters.notify() });
  machines.push(sfn);
  return {
    start: (execution: string) =>
      sfn.startExecution({
        stateMachineArn: arn,
        name: execution,
        input: JSON.stringify({ name: execution }),
      }),
    closed: (execution: string) =>
      waiters.until<LocalExecution>(`execution ${execution} to close`, 20_000, () => {
        const found = sfn.executions.get(execution);
        return found && found.status !== 'RUNNING' ? found : undefined;
      }),
    exited: (execution: string, state: string) =>
      waiters.until(`execution ${execution} to leave ${state}`, 20_000, () =>
        sfn.executions
          .get(execution)
          ?.history.find((event) => event.type === 'StateExited' && event.stateName === state),
      ),
    stop: (execution: string) => sfn.stopExecution(sfn.executions.get(execution)?.executionArn),
  };
}

/** Two hours of AWS waiting, then a task that records the time it reads. */
const waitThenRecord = machine(
  'wait-then-record',
  {
    StartAt: 'WaitTwoHours',
    States: {
      WaitTwoHours: { Type: 'Wait', Seconds: 2 * 3600, Next: 'RecordTime' },
      RecordTime: { Type: 'Task', Resource: target.arn, End: true },
    },
  },
  { RecordTime: 'direct' },
);

/** A callback task nobody answers, whose two-hour window the twin compresses to one wait. */
const awaitUnanswered = machine(
  'await-unanswered',
  {
    StartAt: 'AwaitAnswer',
    States: {
      AwaitAnswer: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: target.arn, Payload: { 'token.$': '$$.Task.Token', 'name.$': '$.name' } },
        TimeoutSeconds: 2 * 3600,
        End: true,
      },
    },
  },
  { AwaitAnswer: 'waitForTaskToken' },
  { ...defaultSpeed, timeoutMinMs: 0, timeoutMaxMs: defaultSpeed.waitMs },
);

let uninstallClock: () => void;
beforeAll(() => {
  uninstallClock = installLocalClock();
});
afterAll(async () => {
  for (const sfn of machines) await sfn.stopAll();
  await host.idle();
  uninstallClock();
});

/**
 * Starts execution `name` while a handler holding a lease works for several of the twin's
 * compressed waits; resolves once both have ended, with the lease's end (local clock) and the
 * handler's own record of its call.
 */
async function runBesideALeaseHolder(on: ReturnType<typeof machine>, name: string) {
  const marker = randomUUID();
  const leaseUntil = Date.now() + LEASE_MS;
  const working = host.invoke(target.logicalId, { marker, workMs: 4 * defaultSpeed.waitMs });
  on.start(name);
  await working;
  const execution = await on.closed(name);
  return { execution, leaseUntil, call: scheduledCalls().find((c) => c.event.marker === marker) };
}

describe("the twin's clock while a handler runs", () => {
  it("holds another execution's Wait state that ends during the invocation, then jumps right after it", async () => {
    // Prepare
    const name = `wait-${randomUUID().slice(0, 8)}`;
    const wakeAt = Date.now() + 2 * HOUR;

    // Act: the execution waits two hours, a wait the twin compresses to waitMs, shorter than the call
    const { execution, leaseUntil, call } = await runBesideALeaseHolder(waitThenRecord, name);

    // Assess: the clock stood still for the call's lease; the task after the wait read its time
    const task = scheduledCalls().find((c) => c.event.name === name);
    expect(execution.status).toBe('SUCCEEDED');
    expect(call?.endedAt).toBeLessThan(leaseUntil);
    expect(task?.ranAt).toBeGreaterThanOrEqual(wakeAt);
    expect(task?.ranAt).toBeLessThan(wakeAt + LEASE_MS);
  });

  it('holds a review window that times out during the invocation, then times the task out on the clock after it', async () => {
    // Prepare
    const name = `window-${randomUUID().slice(0, 8)}`;
    const windowEnd = Date.now() + 2 * HOUR;

    // Act: the callback task's two-hour window runs out, compressed to one wait, during the call
    const { execution, leaseUntil, call } = await runBesideALeaseHolder(awaitUnanswered, name);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Timeout');
    expect(call?.endedAt).toBeLessThan(leaseUntil);
    expect(Date.now()).toBeGreaterThanOrEqual(windowEnd);
  });

  it('starts no task and moves no clock for an execution stopped while its ended wait waits for a call', async () => {
    // Prepare: a handler at work, and an execution whose two-hour wait has ended meanwhile
    const marker = randomUUID();
    const name = `stopped-${marker.slice(0, 8)}`;
    const wakeAt = Date.now() + 2 * HOUR;
    const working = host.invoke(target.logicalId, { marker, workMs: 4 * defaultSpeed.waitMs });
    waitThenRecord.start(name);
    await waitThenRecord.exited(name, 'WaitTwoHours');

    // Act
    waitThenRecord.stop(name);
    await working;
    const execution = await waitThenRecord.closed(name);

    // Assess
    expect(execution.status).toBe('ABORTED');
    expect(scheduledCalls().filter((c) => c.event.name === name)).toEqual([]);
    expect(Date.now()).toBeLessThan(wakeAt);
  });
});
