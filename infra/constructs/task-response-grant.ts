import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** The Step Functions callback answers a function may send. */
export type TaskResponseAction = 'states:SendTaskSuccess' | 'states:SendTaskFailure';

/**
 * Lets a lifecycle function answer the execution's task tokens. A policy of its own, attached
 * to the function's role: the state machine depends on the function, so the function's default
 * policy may not depend on the state machine.
 *
 * @example
 * ```ts
 * allowTaskResponse(this, 'RequestReviewAnswers', requestReview, stateMachine, ['states:SendTaskSuccess']);
 * ```
 */
export function allowTaskResponse(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  stateMachine: sfn.IStateMachine,
  actions: readonly TaskResponseAction[],
): void {
  if (!fn.role) return;
  new iam.Policy(scope, id, {
    roles: [fn.role],
    statements: [
      new iam.PolicyStatement({ actions: [...actions], resources: [stateMachine.stateMachineArn] }),
    ],
  });
}
