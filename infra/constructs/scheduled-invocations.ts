import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { deadLetterQueue, grantSendToDeadLetters } from './dead-letter-queue.js';

/** What sets one kind of schedule apart: its group, what it invokes and how. */
export interface ScheduledInvocationsProps {
  /** Encrypts the dead-letter queue. */
  key: kms.IKey;
  /** The group's name after the stack's: `<stack>-<groupSuffix>`. */
  groupSuffix: string;
  /** What the schedules are, for descriptions and findings: `the metric rounds`. */
  what: string;
  /** The role's description. */
  roleDescription: string;
  /** The Scheduler actions a scheduling function calls on the group's schedules. */
  actions: readonly string[];
}

/**
 * What EventBridge Scheduler needs to invoke one function on schedules made at run time: a
 * schedule group of their own, the role the schedules invoke the function with (and only it),
 * and a dead-letter queue for a firing Scheduler could not deliver.
 *
 * @example
 * ```ts
 * const reports = new ScheduledInvocations(this, 'ReportSchedules', {
 *   key, groupSuffix: 'reports', what: 'the report schedules', roleDescription: '...',
 *   actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule'],
 * });
 * ```
 */
export class ScheduledInvocations extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  protected readonly props: ScheduledInvocationsProps;

  constructor(scope: Construct, id: string, props: ScheduledInvocationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.props = props;
    // A literal name, so the handlers' environment and the local run read it as it is.
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${stack.stackName}-${props.groupSuffix}`,
    });
    this.deadLetterQueue = deadLetterQueue(this, props.what, props.key);
    this.role = new iam.Role(this, 'SchedulerRole', {
      // Only schedules of this account may assume it (confused deputy).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: props.roleDescription,
    });
    grantSendToDeadLetters(this.role, this.deadLetterQueue, props.key);
  }

  /** Lets `fn` manage schedules in the group, handing them the scheduler role (to Scheduler only). */
  allowScheduling(fn: lambda.IFunction): void {
    const stack = Stack.of(this);
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...this.props.actions], resources: [schedules] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    acknowledgeOn(fn, {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.scheduleGroupName}/*]`,
      reason: `Schedule names are made at run time; the grant covers the group of ${this.props.what} only.`,
    });
  }

  /** The schedules' role may invoke `target` (the unqualified ARN only). */
  allowInvoking(target: lambda.IFunction): void {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );
  }
}

/** On the function's parent (its HandlerFunction), which holds the role the grant lands on. */
function acknowledgeOn(fn: IConstruct, finding: { id: string; reason: string }): void {
  Validations.of(fn.node.scope ?? fn).acknowledge(finding);
}
