import type { EndpointAuthorizer } from '../core/endpoint-authorizer.js';
import type { LocalFunction, LocalTemplate } from '../core/template.js';
import { callingFunction, installFunctionCredentials, runAsFunction } from './caller.js';
import { startDynamoDbGuard } from './dynamodb-guard.js';
import { JSON_ACCESS_DENIED, LocalIamEnforcer } from './enforcer.js';
import { twinAuthorizationRequests } from './twin-requests.js';

/** IAM as the local run enforces it: which functions are checked, where, and what was decided. */
export interface LocalIam {
  enforcer: LocalIamEnforcer;
  /** The guarded DynamoDB endpoint the handlers must use. */
  dynamoDbEndpoint: string;
  /** For the twin's endpoint (Step Functions, EventBridge, Secrets Manager, Scheduler). */
  authorizeTwinCall: EndpointAuthorizer;
  /** Runs a handler invocation as its function's role; functions without a role run as the admin. */
  runAs<T>(fn: LocalFunction, work: () => T): T;
  close(): Promise<void>;
}

/**
 * Turns on IAM enforcement for a local run: handler calls are signed per function, a guard in
 * front of DynamoDB Local and the twin's endpoint check them against the template's policies.
 *
 * @example
 * ```ts
 * const iam = await startLocalIam(template, { tableName }, dynamo.endpoint);
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = iam.dynamoDbEndpoint;
 * ```
 */
export async function startLocalIam(
  template: LocalTemplate,
  names: { tableName: string },
  dynamoDbEndpoint: string,
): Promise<LocalIam> {
  const enforcer = new LocalIamEnforcer(template, names);
  installFunctionCredentials();
  const guard = await startDynamoDbGuard(dynamoDbEndpoint, enforcer);
  return {
    enforcer,
    dynamoDbEndpoint: guard.endpoint,
    authorizeTwinCall: ({ authorization, target, method, url, body }) => {
      // Only a function's calls are checked: tests, the CLI and the twin itself act as the admin.
      if (!callingFunction(authorization)) return;
      const requests = twinAuthorizationRequests(
        { target, method, path: url.pathname, query: url.searchParams, body },
        template.stateMachine.arn,
      );
      const denial = target ? JSON_ACCESS_DENIED : { type: 'AccessDeniedException', statusCode: 403 };
      enforcer.authorize(authorization, requests, denial);
    },
    runAs: (fn, work) => (enforcer.principals[fn.logicalId] ? runAsFunction(fn.logicalId, work) : work()),
    close: guard.close,
  };
}
