import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConcurrentChangeError,
  EventPublishError,
  PublishLeaseHeldError,
  WorkflowTaskError,
} from '../../functions/domain/errors.js';
import { logErrors } from '../../functions/middleware/log-errors.js';
import { ErrorTaxonomy, errorKind, errorsOfKind, WorkflowError } from '../../workflows/contract.js';
import { type AslDefinition, allStates, stateMachineDefinition, synthesizeBrandflow } from './synthesized.js';

let definition: AslDefinition;

beforeAll(() => {
  definition = stateMachineDefinition(synthesizeBrandflow().template);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Step Functions' own error names, which no handler throws. */
const statesErrors = ['States.ALL', 'States.Timeout'];

const retriedNames = () =>
  new Set(allStates(definition).flatMap(([, state]) => (state.Retry ?? []).flatMap((r) => r.ErrorEquals)));
const caughtByName = () =>
  new Set(
    allStates(definition)
      .flatMap(([, state]) => (state.Catch ?? []).flatMap((c) => c.ErrorEquals))
      .filter((name) => !statesErrors.includes(name)),
  );

/** The level the Lambda error log gives an error of this name. */
function loggedLevel(name: string): string {
  const levels: string[] = [];
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation(() => levels.push(level));
  }
  logErrors('check-policy').onError?.({
    error: new WorkflowTaskError(name, 'routed'),
    event: { postId: 'p-1', executionName: 'p-1-r1' },
    context: { awsRequestId: 'req-1' },
  } as never);
  vi.restoreAllMocks();
  return levels.join(',');
}

describe('the error taxonomy, the state machine and the log level', () => {
  it('retry only errors the taxonomy calls retried, and every retried error is retried or waited for', () => {
    // Act
    const retried = retriedNames();
    const caught = caughtByName();

    // Assess
    expect([...retried].filter((name) => errorKind(name) !== 'retried')).toEqual([]);
    expect(errorsOfKind('retried').filter((name) => !retried.has(name) && !caught.has(name))).toEqual([]);
  });

  it('catch by name every outcome and no fault, so that only faults reach the catch-all', () => {
    // Act
    const caught = caughtByName();

    // Assess
    expect([...caught].filter((name) => errorKind(name) === 'fault')).toEqual([]);
    expect(errorsOfKind('outcome').filter((name) => !caught.has(name))).toEqual([]);
  });

  it('log outcomes at info, retried errors at warn and faults at error, by the same table', () => {
    // Act
    const levels = Object.keys(ErrorTaxonomy).map((name) => [name, loggedLevel(name)]);

    // Assess
    const expected = { outcome: 'info', retried: 'warn', fault: 'error' } as const;
    expect(levels).toEqual(Object.entries(ErrorTaxonomy).map(([name, kind]) => [name, expected[kind]]));
    expect(loggedLevel('StartExecutionError')).toBe('error');
  });

  it('name the errors Brandflow throws for a lost race exactly as the state machine retries them', () => {
    // Prepare
    const thrown = [
      new ConcurrentChangeError('the post kept changing'),
      new EventPublishError('an entry was refused'),
      new PublishLeaseHeldError('another attempt is publishing'),
    ];

    // Act
    const retried = retriedNames();

    // Assess
    expect(thrown.filter((error) => !retried.has(error.name)).map((error) => error.name)).toEqual([]);
    expect(thrown.map((error) => loggedLevel(error.name))).toEqual(['warn', 'warn', 'warn']);
  });

  it('leave a channel refused for good to the catch-all, which records the channel as failed', () => {
    // Act
    const publish = allStates(definition).find(([name]) => name === 'PublishToChannel')?.[1];

    // Assess
    expect(errorKind(WorkflowError.ChannelPermanentError)).toBe('fault');
    expect(publish?.Catch?.at(-1)).toMatchObject({
      ErrorEquals: ['States.ALL'],
      Next: 'RecordChannelFailure',
    });
  });
});
