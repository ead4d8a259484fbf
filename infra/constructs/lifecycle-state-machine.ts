import { type CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { buildPostLifecycle, type LifecycleFunctions } from '../../workflows/post-lifecycle.js';

/**
 * The `PostLifecycle` Standard state machine: one execution per submitted revision of a post.
 *
 * @example
 * ```ts
 * const { stateMachine } = new LifecycleStateMachine(this, 'Lifecycle', functions, key);
 * stateMachine.grantStartExecution(submitPost);
 * ```
 */
export class LifecycleStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;

  /** `logKey` encrypts the execution log group. */
  constructor(scope: Construct, id: string, functions: LifecycleFunctions, logKey: kms.IKey) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'PostLifecycle', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(buildPostLifecycle(this, functions)),
      tracingEnabled: true,
      logs: {
        destination: logGroup,
        level: sfn.LogLevel.ALL,
        // State input and output carry post ids and reviewer names: personal data stays out of logs.
        includeExecutionData: false,
      },
    });

    const stack = Stack.of(this);
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs delivery (logs:*LogDelivery*) and X-Ray actions support no resource-level permissions.',
      },
      // CollectMetrics is invoked by EventBridge Scheduler, not by the state machine.
      ...Object.entries(functions)
        .filter(([role]) => role !== 'collectMetrics')
        .map(([, fn]) => ({
          id: `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement))}.Arn>:*]`,
          reason:
            'Step Functions invokes the function by qualified ARN (versions and aliases) of this function only.',
        })),
    );
  }
}
