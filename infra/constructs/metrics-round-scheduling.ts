import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { SchedulerEnv } from '../../functions/aws/env.js';
import { deadLetterDestination } from './dead-letter-queue.js';
import { ScheduledInvocations } from './scheduled-invocations.js';

/**
 * What EventBridge Scheduler needs to run the metric rounds outside the state machine: a
 * schedule group of their own, the role the schedules invoke CollectMetrics with (and only
 * it), and a dead-letter queue for a round that could not be delivered.
 *
 * @example
 * ```ts
 * const scheduling = new MetricsRoundScheduling(this, 'MetricsRounds', key);
 * scheduling.allowScheduling(scheduleMetricsRoundsFn);
 * scheduling.allowInvoking(collectMetricsFn);
 * ```
 */
export class MetricsRoundScheduling extends ScheduledInvocations {
  /** `key` encrypts the dead-letter queue. */
  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id, {
      key,
      groupSuffix: 'metrics-rounds',
      what: 'the metric rounds',
      roleDescription: 'Lets the metric rounds schedules invoke CollectMetrics',
      actions: ['scheduler:CreateSchedule'],
    });
  }

  /**
   * The schedules' role may invoke `collectMetrics` (the unqualified ARN only). Lambda's own
   * retries of a failed round end in the dead-letter queue too.
   */
  override allowInvoking(collectMetrics: lambda.IFunction): void {
    super.allowInvoking(collectMetrics);
    collectMetrics.configureAsyncInvoke({
      onFailure: deadLetterDestination(this.deadLetterQueue, this.props.key),
      retryAttempts: 2,
      // A round that waits for Lambda's throttling is still worth reading within the hour.
      maxEventAge: Duration.hours(1),
    });
  }

  /** The environment of a function that creates round schedules. */
  environment(collectMetrics?: lambda.IFunction): Record<string, string> {
    return {
      [SchedulerEnv.group]: this.group.scheduleGroupName,
      [SchedulerEnv.roleArn]: this.role.roleArn,
      [SchedulerEnv.deadLetterQueueArn]: this.deadLetterQueue.queueArn,
      ...(collectMetrics ? { [SchedulerEnv.collectMetricsArn]: collectMetrics.functionArn } : {}),
    };
  }
}
