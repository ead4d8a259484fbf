import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TableDesign } from '../../functions/persistence/table-design.js';
import type { FunctionAccess } from '../core/function-access.js';

/** What a function's data grants point at. */
export interface DataGrantTargets {
  table: dynamodb.ITable;
  /** The table's customer-managed key, usable only through DynamoDB. */
  tableKey: kms.IKey;
}

/**
 * Grants one function its table, key and bus access from its {@link FunctionAccess} row: the
 * listed DynamoDB actions on the table (and the calendar index only where it queries it), the
 * key only through DynamoDB. No handler puts events: it writes them to the outbox with its change
 * (functions/persistence/outbox.ts), and only the forwarder puts them on the bus.
 *
 * @example
 * ```ts
 * grantDataAccess(fn, FunctionAccessByRole.checkPolicy, { table, tableKey });
 * ```
 */
export function grantDataAccess(
  fn: lambda.IFunction,
  access: FunctionAccess,
  targets: DataGrantTargets,
): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: [...access.table], resources: [targets.table.tableArn] }),
  );
  if (access.calendar) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${targets.table.tableArn}/index/${TableDesign.calendarIndex.name}`],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [targets.table.tableArn] }),
    );
  }
  const writes = access.table.some((action) => action !== 'dynamodb:GetItem' && action !== 'dynamodb:Query');
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
      resources: [targets.tableKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` } },
    }),
  );
}

/**
 * Grants the Step Functions calls of a function's row on the lifecycle state machine. A policy of
 * its own, attached to the function's role: the state machine depends on the lifecycle
 * functions, so their default policies may not depend on it.
 *
 * @example
 * ```ts
 * grantLifecycleAccess(this, 'SubmitPostLifecycle', fn, FunctionAccessByRole['Submit Post'], stateMachine);
 * ```
 */
export function grantLifecycleAccess(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  access: FunctionAccess,
  stateMachine: sfn.IStateMachine,
): void {
  if (!fn.role || !access.lifecycle?.length) return;
  new iam.Policy(scope, id, {
    roles: [fn.role],
    statements: [
      new iam.PolicyStatement({ actions: [...access.lifecycle], resources: [stateMachine.stateMachineArn] }),
    ],
  });
}
