import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import { type AslDefinition, allStates, stateMachineDefinition, synthesizeBrandflow } from './synthesized.js';

let template: Template;
let definition: AslDefinition;

beforeAll(() => {
  template = synthesizeBrandflow().template;
  definition = stateMachineDefinition(template);
});

const state = (name: string) => {
  const found = allStates(definition).find(([stateName]) => stateName === name);
  if (!found) throw new Error(`no state ${name}`);
  return found[1];
};

describe('the PostLifecycle state machine', () => {
  it('is a Standard workflow that traces and logs every event without execution data', () => {
    // Assess
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('contains exactly the states the contract names', () => {
    // Act
    const names = allStates(definition).map(([name]) => name);

    // Assess
    expect(names.sort()).toEqual(Object.values(StateName).sort());
    expect(definition.StartAt).toBe(StateName.CheckPolicy);
  });

  it('retries every Lambda task that is throttled or meets a passing AWS fault, with backoff and full jitter, instead of failing the post', () => {
    // Act
    const tasks = allStates(definition).filter(([, s]) => s.Type === 'Task');

    // Assess
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, taskState] of tasks) {
      expect(taskState.Retry, name).toContainEqual(
        expect.objectContaining({
          ErrorEquals: ['Lambda.TooManyRequestsException'],
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        }),
      );
      expect(taskState.Retry, name).toContainEqual(
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.Unknown', 'EventPublishError', 'ThrottlingException']),
          JitterStrategy: 'FULL',
        }),
      );
    }
  });

  it('names every state verb first', () => {
    // Prepare
    const verbs = [
      'Check',
      'Await',
      'Read',
      'Wait',
      'Confirm',
      'Publish',
      'Record',
      'Collect',
      'Complete',
      'End',
      'Fail',
    ];

    // Act
    const firstWords = allStates(definition).map(([name]) => [name, name.match(/^[A-Z][a-z]+/)?.[0]]);

    // Assess
    for (const [name, word] of firstWords) expect(verbs, name).toContain(word);
  });

  it('waits for each review stage with a task token and measures the window again after a timeout, a passed stage or a reschedule', () => {
    // Act
    const awaitReview = state(StateName.AwaitReview);

    // Assess
    expect(awaitReview.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(awaitReview.TimeoutSecondsPath).toBe('$.reviewTimeoutSeconds');
    expect(awaitReview.Parameters?.Payload).toMatchObject({ 'taskToken.$': '$$.Task.Token' });
    expect(awaitReview.Catch).toContainEqual(
      expect.objectContaining({
        ErrorEquals: ['States.Timeout', 'ReviewStagePassed', 'PostRescheduled'],
        Next: StateName.CheckReviewDeadline,
      }),
    );
  });

  it('retries a transient channel failure with full jitter before recording it as failed', () => {
    // Act
    const publish = state(StateName.PublishToChannel);

    // Assess
    expect(publish.Retry).toContainEqual(
      expect.objectContaining({ ErrorEquals: [WorkflowError.ChannelTransientError], JitterStrategy: 'FULL' }),
    );
    expect(publish.Catch).toContainEqual(
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: StateName.RecordChannelFailure }),
    );
  });

  it('sends a rate-limited publish to a wait for the time the error names, then back to the same task', () => {
    // Act
    const taskState = state(StateName.PublishToChannel);
    const read = state(StateName.ReadPublishRetryTime);
    const wait = state(StateName.WaitForPublishRetryTime);

    // Assess
    expect(taskState.Catch?.[0]).toEqual({
      ErrorEquals: [WorkflowError.ChannelRateLimited],
      ResultPath: '$.rateLimit',
      Next: StateName.ReadPublishRetryTime,
    });
    expect(taskState.Retry?.flatMap((r) => r.ErrorEquals)).not.toContain(WorkflowError.ChannelRateLimited);
    expect(taskState.Parameters).toMatchObject({ 'rateLimitWaits.$': '$.rateLimitWaits' });
    expect(read).toMatchObject({ Type: 'Pass', Next: StateName.WaitForPublishRetryTime });
    expect(read.Parameters).toMatchObject({
      'rateLimitWaits.$': 'States.MathAdd($.rateLimitWaits, 1)',
      'rateLimit.$': 'States.StringToJson($.rateLimit.Cause)',
    });
    expect(wait).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.rateLimit.errorMessage',
      Next: StateName.PublishToChannel,
    });
  });

  it('starts every channel with no rate-limit wait counted', () => {
    // Act
    const selector = state(StateName.PublishToChannels).ItemSelector;

    // Assess
    expect(selector).toMatchObject({ rateLimitWaits: 0 });
  });

  it('publishes on every channel in a Map, then waits for every metric round in one callback task with a timeout from its input', () => {
    // Act
    const publishToChannels = state(StateName.PublishToChannels);
    const awaitRounds = state(StateName.AwaitMetricsRounds);

    // Assess
    expect(publishToChannels).toMatchObject({ Type: 'Map', ItemsPath: '$.channels' });
    expect(publishToChannels.ItemProcessor?.StartAt).toBe(StateName.PublishToChannel);
    expect(state(StateName.RecordPublication).Next).toBe(StateName.AwaitMetricsRounds);
    expect(awaitRounds.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(awaitRounds.TimeoutSecondsPath).toBe('$.metricsTimeoutSeconds');
    expect(awaitRounds.Parameters?.Payload).toMatchObject({
      'taskToken.$': '$$.Task.Token',
      'metricsRounds.$': '$.metricsRounds',
      'metricsTimeoutSeconds.$': '$.metricsTimeoutSeconds',
    });
    expect(awaitRounds.Next).toBe(StateName.CompleteLifecycle);
    // A timeout (a lost round) or any failure still completes the lifecycle.
    expect(awaitRounds.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.metricsOutcome', Next: StateName.CompleteLifecycle },
    ]);
  });

  it('publishes a due post straight after confirming it, and waits for a moved one through a Pass instead of a Choice', () => {
    // Act
    const confirm = state(StateName.ConfirmStillScheduled);
    const read = state(StateName.ReadNewScheduledTime);
    const wait = state(StateName.WaitUntilNewScheduledTime);

    // Assess
    expect(confirm.Next).toBe(StateName.PublishToChannels);
    expect(allStates(definition).filter(([, s]) => s.Type === 'Choice')).toEqual([]);
    expect(confirm.Catch).toContainEqual({
      ErrorEquals: [WorkflowError.ScheduledTimeMoved],
      ResultPath: '$.moved',
      Next: StateName.ReadNewScheduledTime,
    });
    expect(read).toMatchObject({ Type: 'Pass', Next: StateName.WaitUntilNewScheduledTime });
    expect(read.Parameters).toMatchObject({ 'moved.$': 'States.StringToJson($.moved.Cause)' });
    expect(Object.keys(read.Parameters ?? {}).sort()).toEqual([
      'channels.$',
      'moved.$',
      'postId.$',
      'revision.$',
    ]);
    expect(wait).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.moved.errorMessage',
      Next: StateName.ConfirmStillScheduled,
    });
  });

  it('routes every workflow error by a Catch', () => {
    // Prepare
    const caught = new Set(
      allStates(definition).flatMap(([, s]) => (s.Catch ?? []).flatMap((c) => c.ErrorEquals)),
    );
    // Channel errors are caught as States.ALL on PublishToChannel: every channel failure is recorded.
    const caughtByPublishCatchAll = [
      WorkflowError.ChannelTransientError,
      WorkflowError.ChannelPermanentError,
    ];
    const publishCatchesAll = (state(StateName.PublishToChannel).Catch ?? []).some((c) =>
      c.ErrorEquals.includes('States.ALL'),
    );

    // Act
    const unrouted = Object.values(WorkflowError).filter(
      (error) =>
        !caught.has(error) && !(publishCatchesAll && caughtByPublishCatchAll.includes(error as never)),
    );

    // Assess
    expect(unrouted).toEqual([]);
  });

  it('invokes only the lifecycle functions, each from the state it serves (CollectMetrics from its schedules only)', () => {
    // Prepare
    const functions = template.findResources('AWS::Lambda::Function');
    const roleOf = (logicalId: string) => functions[logicalId]?.Metadata?.['brandflow:role'];
    const expected: Record<string, string> = {
      [StateName.CheckPolicy]: 'checkPolicy',
      [StateName.AwaitReview]: 'requestReview',
      [StateName.CheckReviewDeadline]: 'checkReviewDeadline',
      [StateName.ConfirmStillScheduled]: 'confirmStillScheduled',
      [StateName.PublishToChannel]: 'publishToChannel',
      [StateName.RecordChannelFailure]: 'recordChannelFailure',
      [StateName.RecordPublication]: 'recordPublication',
      [StateName.AwaitMetricsRounds]: 'scheduleMetricsRounds',
      [StateName.CompleteLifecycle]: 'completeLifecycle',
      [StateName.RecordWorkflowFailure]: 'recordWorkflowFailure',
    };

    // Act
    const actual = Object.fromEntries(
      allStates(definition)
        .filter(([, s]) => s.Type === 'Task')
        .map(([name, s]) => {
          // payloadResponseOnly tasks name the function as the Resource; the others in FunctionName.
          const target = String(s.Parameters?.FunctionName ?? s.Resource);
          return [name, roleOf(target.match(/^<(\w+)\.Arn>$/)?.[1] ?? '')];
        }),
    );

    // Assess
    expect(actual).toEqual(expected);
  });
});
