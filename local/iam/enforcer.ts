import { AwsApiError } from '../../functions/domain/errors.js';
import type { LocalTemplate } from '../core/template.js';
import { callingFunction } from './caller.js';
import { type AuthorizationRequest, evaluatePolicies } from './policy.js';
import { type LocalNames, type LocalPrincipal, readPrincipals } from './principals.js';

/** How a service words its AccessDeniedException (the SDK maps `type` to its exception class). */
export interface DenialShape {
  type: string;
  statusCode: number;
}

/** The AccessDeniedException of the JSON services (Step Functions, EventBridge, Secrets Manager). */
export const JSON_ACCESS_DENIED: DenialShape = { type: 'AccessDeniedException', statusCode: 400 };

/** One call a function made, and what the local IAM decided. */
export interface IamDecisionRecord {
  functionLogicalId: string;
  action: string;
  resource: string;
  allowed: boolean;
}

/**
 * Checks the AWS calls the handlers make against their roles' policies from the synthesized
 * template, and fails a denied call the way AWS does: an `AccessDeniedException` whose message
 * names the role session, the action and the resource. Calls not signed as a function (tests,
 * the CLI, the runtime itself) are the admin's and pass.
 *
 * @example
 * ```ts
 * const iam = new LocalIamEnforcer(template, { tableName: 'brandflow' });
 * iam.authorize(request.headers.authorization, [{ action: 'states:StartExecution', resource: arn }], JSON_ACCESS_DENIED);
 * ```
 */
export class LocalIamEnforcer {
  readonly principals: Record<string, LocalPrincipal>;
  /** Every decision taken, in order: which function called what, allowed or not. */
  readonly decisions: IamDecisionRecord[] = [];

  constructor(template: LocalTemplate, names: LocalNames) {
    this.principals = readPrincipals(template, names);
  }

  /**
   * Throws AWS's AccessDeniedException unless the caller signed by `authorization` may make
   * every one of `requests` (a call may need several actions, as TransactWriteItems does).
   */
  authorize(
    authorization: string | undefined,
    requests: readonly AuthorizationRequest[],
    denial: DenialShape,
  ): void {
    const functionLogicalId = callingFunction(authorization);
    if (functionLogicalId === undefined) return;
    const principal = this.principals[functionLogicalId];
    if (!principal) {
      throw new AwsApiError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        {
          statusCode: 400,
          context: { functionLogicalId },
        },
      );
    }
    for (const request of requests) {
      const decision = evaluatePolicies(principal.policies, request);
      this.decisions.push({
        functionLogicalId,
        action: request.action,
        resource: request.resource,
        allowed: decision === 'allow',
      });
      if (decision === 'allow') continue;
      const why =
        decision === 'explicit-deny'
          ? 'with an explicit deny in an identity-based policy'
          : `because no identity-based policy allows the ${request.action} action`;
      throw new AwsApiError(
        denial.type,
        `User: ${principal.sessionArn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`,
        { statusCode: denial.statusCode, context: { functionLogicalId, action: request.action } },
      );
    }
  }
}
