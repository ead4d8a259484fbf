import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { PassingFault, StateName, type TaskInput, WorkflowError } from './contract.js';

/** The Lambda functions the lifecycle runs, one per task state. */
export interface LifecycleFunctions {
  checkPolicy: IFunction;
  requestReview: IFunction;
  checkReviewDeadline: IFunction;
  confirmStillScheduled: IFunction;
  publishToChannel: IFunction;
  recordChannelFailure: IFunction;
  recordPublication: IFunction;
  scheduleMetricsRounds: IFunction;
  /** Invoked by EventBridge Scheduler, once per metrics round; no state runs it. */
  collectMetrics: IFunction;
  completeLifecycle: IFunction;
  recordWorkflowFailure: IFunction;
}

const executionName = sfn.JsonPath.stringAt('$$.Execution.Name');
/** {@link TaskInput} for the tasks outside the channel Map (inside it, the item carries both). */
const taskInput = { postId: sfn.JsonPath.stringAt('$.postId'), executionName } satisfies TaskInput;

/**
 * Builds what happens to a post, in order: policy check, review, the wait for the scheduled
 * time, publication on every channel, metric rounds, completion.
 *
 * Metric rounds run outside the state machine: AwaitMetricsRounds schedules them on
 * EventBridge Scheduler and waits on a task token, so days of rounds cost two transitions
 * instead of three per round.
 *
 * Exceptional paths (blocked, rejected, cancelled, edited, expired) leave a task by a named
 * error and a Catch instead of a Choice state: a Catch costs no state transition on the
 * happy path, and transitions are what a Standard workflow bills.
 *
 * @example
 * ```ts
 * const definition = buildPostLifecycle(this, functions);
 * new sfn.StateMachine(this, 'PostLifecycle', {
 *   definitionBody: sfn.DefinitionBody.fromChainable(definition),
 * });
 * ```
 */
export function buildPostLifecycle(scope: Construct, fns: LifecycleFunctions): sfn.IChainable {
  const task = (name: StateName, fn: IFunction, payload: Record<string, unknown>, resultPath?: string) =>
    retryTransientFaults(
      new tasks.LambdaInvoke(scope, name, {
        stateName: name,
        lambdaFunction: fn,
        payloadResponseOnly: true,
        payload: sfn.TaskInput.fromObject(payload),
        resultPath,
      }),
    );
  const end = (name: StateName, comment: string) =>
    new sfn.Succeed(scope, name, { stateName: name, comment });

  const endRejectedByPolicy = end(StateName.EndRejectedByPolicy, 'A block finding stopped the post.');
  const endRejectedInReview = end(StateName.EndRejectedInReview, 'A reviewer rejected the post.');
  const endChangesRequested = end(
    StateName.EndChangesRequested,
    'Back to draft; a resubmission starts anew.',
  );
  const endReviewExpired = end(StateName.EndReviewExpired, 'The scheduled time passed before review ended.');
  const endCancelled = end(StateName.EndCancelled, 'The post was cancelled.');
  const endSuperseded = end(StateName.EndSuperseded, 'A newer submission owns the post now.');
  const failLifecycle = new sfn.Fail(scope, StateName.FailLifecycle, {
    stateName: StateName.FailLifecycle,
    error: 'LifecycleFailed',
    causePath: '$.failure.Cause',
  });

  // The result is discarded so that FailLifecycle still finds the caught error at $.failure.
  const recordWorkflowFailure = task(
    StateName.RecordWorkflowFailure,
    fns.recordWorkflowFailure,
    {
      ...taskInput,
      failure: sfn.JsonPath.objectAt('$.failure'),
    },
    sfn.JsonPath.DISCARD,
  ).next(failLifecycle);

  /** Anything not routed by name is recorded on the post before the execution fails. */
  const catchUnexpected = (state: tasks.LambdaInvoke | sfn.Map) =>
    state.addCatch(recordWorkflowFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

  const checkPolicy = task(StateName.CheckPolicy, fns.checkPolicy, taskInput);

  const awaitReview = retryTransientFaults(
    new tasks.LambdaInvoke(scope, StateName.AwaitReview, {
      stateName: StateName.AwaitReview,
      lambdaFunction: fns.requestReview,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: sfn.JsonPath.taskToken,
        postId: sfn.JsonPath.stringAt('$.postId'),
        revision: sfn.JsonPath.numberAt('$.revision'),
        executionName,
        reviewTimeoutSeconds: sfn.JsonPath.numberAt('$.reviewTimeoutSeconds'),
      }),
      taskTimeout: sfn.Timeout.at('$.reviewTimeoutSeconds'),
      resultPath: '$.approval',
    }),
  );

  const checkReviewDeadline = task(StateName.CheckReviewDeadline, fns.checkReviewDeadline, taskInput);

  const waitUntilScheduledTime = new sfn.Wait(scope, StateName.WaitUntilScheduledTime, {
    stateName: StateName.WaitUntilScheduledTime,
    time: sfn.WaitTime.timestampPath('$.scheduledAt'),
  });

  const confirmStillScheduled = task(StateName.ConfirmStillScheduled, fns.confirmStillScheduled, taskInput);

  // The fields of one channel item, as the Map's ItemSelector builds it.
  const channelItem = {
    postId: sfn.JsonPath.stringAt('$.postId'),
    revision: sfn.JsonPath.numberAt('$.revision'),
    executionName: sfn.JsonPath.stringAt('$.executionName'),
    channel: sfn.JsonPath.stringAt('$.channel'),
  };
  const publishToChannel = task(StateName.PublishToChannel, fns.publishToChannel, {
    ...channelItem,
    rateLimitWaits: sfn.JsonPath.numberAt('$.rateLimitWaits'),
  });
  // A rate limit is neither retried nor failed: the channel waits for the time the platform
  // names and calls again (the handler bounds the waits and the length of each).
  publishToChannel.addCatch(
    waitForRateLimit(
      scope,
      StateName.ReadPublishRetryTime,
      StateName.WaitForPublishRetryTime,
      channelItem,
    ).next(publishToChannel),
    { errors: [WorkflowError.ChannelRateLimited], resultPath: '$.rateLimit' },
  );
  publishToChannel.addRetry({
    errors: [WorkflowError.ChannelTransientError],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 4,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  const recordChannelFailure = task(StateName.RecordChannelFailure, fns.recordChannelFailure, {
    ...channelItem,
    error: sfn.JsonPath.objectAt('$.error'),
  });
  publishToChannel.addCatch(recordChannelFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

  const publishToChannels = new sfn.Map(scope, StateName.PublishToChannels, {
    stateName: StateName.PublishToChannels,
    itemsPath: '$.channels',
    itemSelector: {
      postId: sfn.JsonPath.stringAt('$.postId'),
      revision: sfn.JsonPath.numberAt('$.revision'),
      executionName,
      channel: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      rateLimitWaits: 0,
    },
    resultPath: '$.channelOutcomes',
  }).itemProcessor(publishToChannel);

  const recordPublication = task(StateName.RecordPublication, fns.recordPublication, {
    ...taskInput,
    channelOutcomes: sfn.JsonPath.listAt('$.channelOutcomes'),
  });

  const awaitMetricsRounds = retryTransientFaults(
    new tasks.LambdaInvoke(scope, StateName.AwaitMetricsRounds, {
      stateName: StateName.AwaitMetricsRounds,
      comment:
        'Schedules every metrics round on EventBridge Scheduler; CollectMetrics ends the wait after the last.',
      lambdaFunction: fns.scheduleMetricsRounds,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: sfn.JsonPath.taskToken,
        postId: sfn.JsonPath.stringAt('$.postId'),
        executionName,
        metricsRounds: sfn.JsonPath.listAt('$.metricsRounds'),
        metricsTimeoutSeconds: sfn.JsonPath.numberAt('$.metricsTimeoutSeconds'),
      }),
      // A lost round cannot keep the execution open: the wait ends past the last round plus a grace period.
      taskTimeout: sfn.Timeout.at('$.metricsTimeoutSeconds'),
      resultPath: '$.metricsOutcome',
    }),
  );

  const completeLifecycle = task(StateName.CompleteLifecycle, fns.completeLifecycle, {
    ...taskInput,
    metricsOutcome: sfn.JsonPath.objectAt('$.metricsOutcome'),
  });

  // Routing by error name, most specific first; the catch-all is added last.
  const routeWithdrawn = (state: tasks.LambdaInvoke) =>
    state
      .addCatch(endCancelled, { errors: [WorkflowError.PostCancelled], resultPath: '$.interruption' })
      .addCatch(endSuperseded, { errors: [WorkflowError.PostSuperseded], resultPath: '$.interruption' });

  routeWithdrawn(checkPolicy).addCatch(endRejectedByPolicy, {
    errors: [WorkflowError.PolicyBlocked],
    resultPath: '$.interruption',
  });
  routeWithdrawn(awaitReview)
    .addCatch(endRejectedInReview, { errors: [WorkflowError.ReviewRejected], resultPath: '$.interruption' })
    .addCatch(endChangesRequested, { errors: [WorkflowError.ChangesRequested], resultPath: '$.interruption' })
    .addCatch(checkPolicy, { errors: [WorkflowError.PostEdited], resultPath: '$.interruption' })
    // A timeout (SLA step or deadline), a passed stage and a reschedule all measure the review window again.
    .addCatch(checkReviewDeadline, {
      errors: [sfn.Errors.TIMEOUT, WorkflowError.ReviewStagePassed, WorkflowError.PostRescheduled],
      resultPath: '$.interruption',
    });
  routeWithdrawn(checkReviewDeadline)
    .addCatch(endReviewExpired, { errors: [WorkflowError.ReviewExpired], resultPath: '$.interruption' })
    .addCatch(checkPolicy, { errors: [WorkflowError.PostEdited], resultPath: '$.interruption' });
  // A post moved later waits for its new time; the time is the error's message (a Pass reads it).
  const readNewScheduledTime = new sfn.Pass(scope, StateName.ReadNewScheduledTime, {
    stateName: StateName.ReadNewScheduledTime,
    comment: 'Reads the new scheduled time from the ScheduledTimeMoved error.',
    parameters: {
      postId: sfn.JsonPath.stringAt('$.postId'),
      revision: sfn.JsonPath.numberAt('$.revision'),
      channels: sfn.JsonPath.listAt('$.channels'),
      moved: sfn.JsonPath.stringToJson(sfn.JsonPath.stringAt('$.moved.Cause')),
    },
  });
  const waitUntilNewScheduledTime = new sfn.Wait(scope, StateName.WaitUntilNewScheduledTime, {
    stateName: StateName.WaitUntilNewScheduledTime,
    comment: 'Waits for the time the post was moved to.',
    time: sfn.WaitTime.timestampPath('$.moved.errorMessage'),
  });
  routeWithdrawn(confirmStillScheduled)
    .addCatch(checkPolicy, { errors: [WorkflowError.PostEdited], resultPath: '$.interruption' })
    .addCatch(readNewScheduledTime, { errors: [WorkflowError.ScheduledTimeMoved], resultPath: '$.moved' });
  readNewScheduledTime.next(waitUntilNewScheduledTime).next(confirmStillScheduled);
  for (const state of [
    checkPolicy,
    awaitReview,
    checkReviewDeadline,
    confirmStillScheduled,
    publishToChannels,
    recordPublication,
  ]) {
    catchUnexpected(state);
  }
  // Metrics that cannot be read do not undo a publication: the lifecycle completes and says so
  // (a timeout included: a round that never ran).
  awaitMetricsRounds.addCatch(completeLifecycle, {
    errors: [sfn.Errors.ALL],
    resultPath: '$.metricsOutcome',
  });
  catchUnexpected(completeLifecycle);

  checkReviewDeadline.next(awaitReview);
  publishToChannels.next(recordPublication).next(awaitMetricsRounds).next(completeLifecycle);
  return checkPolicy
    .next(awaitReview)
    .next(waitUntilScheduledTime)
    .next(confirmStillScheduled)
    .next(publishToChannels);
}

/**
 * The two states a rate-limited task goes through before it runs again: a Pass that parses
 * the Lambda error's Cause (`{ errorType, errorMessage, trace }`, a JSON string on AWS and
 * locally) and counts the wait, then a Wait until `errorMessage`, the time the handler named.
 * The Pass keeps only the task's own fields, so the state stays small however often it waits.
 */
function waitForRateLimit(
  scope: Construct,
  readName: StateName,
  waitName: StateName,
  taskFields: Record<string, unknown>,
): sfn.Chain {
  const read = new sfn.Pass(scope, readName, {
    stateName: readName,
    comment: 'Reads the time to call again from the ChannelRateLimited error and counts the wait.',
    parameters: {
      ...taskFields,
      rateLimitWaits: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.rateLimitWaits'), 1),
      rateLimit: sfn.JsonPath.stringToJson(sfn.JsonPath.stringAt('$.rateLimit.Cause')),
    },
  });
  const wait = new sfn.Wait(scope, waitName, {
    stateName: waitName,
    comment: 'Waits for the time the platform named (Retry-After or its reset header).',
    time: sfn.WaitTime.timestampPath('$.rateLimit.errorMessage'),
  });
  return read.next(wait);
}

/**
 * A burst of posts can exhaust the account's Lambda concurrency, and AWS calls inside a
 * handler can fail for a moment: the task waits and runs again instead of failing the post
 * (the default Lambda service-error retry covers neither). Without a Retry the catch-all would
 * mark a healthy post failed; the faults are the contract's {@link PassingFault}.
 */
function retryTransientFaults(state: tasks.LambdaInvoke): tasks.LambdaInvoke {
  state.addRetry({
    errors: [PassingFault.LambdaThrottled],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 8,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
  state.addRetry({
    errors: Object.values(PassingFault).filter((name) => name !== PassingFault.LambdaThrottled),
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 5,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return state;
}
