import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { SchedulerEnv } from '../../functions/aws/env.js';
import { deadLetterDestination, deadLetterQueue, grantSendToDeadLetters } from './dead-letter-queue.js';

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
export class MetricsRoundScheduling extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  private readonly key: kms.IKey;

  /** `key` encrypts the dead-letter queue. */
  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id);
    const stack = Stack.of(this);
    // A literal name, so the handlers' environment and the local run read it as it is.
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${stack.stackName}-metrics-rounds`,
    });
    this.key = key;
    this.deadLetterQueue = deadLetterQueue(this, 'the metric rounds', key);
    this.role = new iam.Role(this, 'SchedulerRole', {
      // Only schedules of this account may assume it (confused deputy).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets the metric rounds schedules invoke CollectMetrics',
    });
    grantSendToDeadLetters(this.role, this.deadLetterQueue, key);
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

  /** Lets `fn` create schedules in the group, handing them the scheduler role (to Scheduler only). */
  allowScheduling(fn: lambda.IFunction): void {
    const stack = Stack.of(this);
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [schedules] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    acknowledgeOn(fn, {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.scheduleGroupName}/*]`,
      reason:
        'Schedule names are made per execution and round at run time; the grant covers the metric rounds group only.',
    });
  }

  /**
   * The schedules' role may invoke `collectMetrics` (the unqualified ARN only). Lambda's own
   * retries of a failed round end in the dead-letter queue too.
   */
  allowInvoking(collectMetrics: lambda.IFunction): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [collectMetrics.functionArn],
      }),
    );
    collectMetrics.configureAsyncInvoke({
      onFailure: deadLetterDestination(this.deadLetterQueue, this.key),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    });
  }
}

/** On the function's parent (its HandlerFunction), which holds the role the grant lands on. */
function acknowledgeOn(fn: IConstruct, finding: { id: string; reason: string }): void {
  Validations.of(fn.node.scope ?? fn).acknowledge(finding);
}
