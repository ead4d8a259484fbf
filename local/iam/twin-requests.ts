import { AwsApiError } from '../../functions/domain/errors.js';
import { LocalAws } from '../core/template.js';
import type { AuthorizationRequest } from './policy.js';

const { partition, region, accountId } = LocalAws;
const arnPrefix = (service: string) => `arn:${partition}:${service}:${region}:${accountId}`;

/** One request the twin's endpoint received, as far as IAM looks at it. */
export interface TwinCall {
  /** `X-Amz-Target` of the JSON protocols (`AWSStepFunctions.StartExecution`); empty for REST. */
  target: string;
  method: string;
  /** The path, without the `/integrator` prefix. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** What the request context of every local call holds: AWS is always reached over TLS. */
const BASE_CONTEXT = { 'aws:SecureTransport': true, 'aws:RequestedRegion': region } as const;

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** Step Functions actions and the resource each is authorized on. */
function stepFunctions(operation: string, body: Record<string, unknown>, stateMachineArn: string) {
  const resourceOf: Record<string, () => string> = {
    StartExecution: () => str(body.stateMachineArn),
    DescribeStateMachine: () => str(body.stateMachineArn),
    ListExecutions: () => str(body.stateMachineArn),
    ListStateMachines: () => '*',
    DescribeExecution: () => str(body.executionArn),
    StopExecution: () => str(body.executionArn),
    GetExecutionHistory: () => str(body.executionArn),
    // A task token answers for the state machine whose execution issued it.
    SendTaskSuccess: () => stateMachineArn,
    SendTaskFailure: () => stateMachineArn,
    SendTaskHeartbeat: () => stateMachineArn,
  };
  const resource = resourceOf[operation];
  return resource ? [{ action: `states:${operation}`, resource: resource() }] : undefined;
}

/** PutEvents is authorized entry by entry, with the entry's source and detail type as condition keys. */
function eventBridge(operation: string, body: Record<string, unknown>) {
  if (operation !== 'PutEvents') return undefined;
  const entries = Array.isArray(body.Entries) ? (body.Entries as Record<string, unknown>[]) : [];
  return entries.map((entry) => {
    const bus = str(entry.EventBusName) || 'default';
    return {
      action: 'events:PutEvents',
      resource: bus.startsWith('arn:') ? bus : `${arnPrefix('events')}:event-bus/${bus}`,
      context: { 'events:source': str(entry.Source), 'events:detail-type': str(entry.DetailType) },
    };
  });
}

function secretsManager(operation: string, body: Record<string, unknown>) {
  const known = [
    'GetSecretValue',
    'PutSecretValue',
    'DescribeSecret',
    'CreateSecret',
    'TagResource',
    'UntagResource',
  ];
  if (!known.includes(operation)) return undefined;
  // CreateSecret names the secret it makes; every other call names the one it acts on.
  const id = str(operation === 'CreateSecret' ? body.Name : body.SecretId);
  return [
    {
      action: `secretsmanager:${operation}`,
      resource: id.startsWith('arn:') ? id : `${arnPrefix('secretsmanager')}:secret:${id}`,
      context: { 'secretsmanager:SecretId': id },
    },
  ];
}

/** EventBridge Scheduler (restJson1): the operation is the method and the path. */
function scheduler(call: TwinCall) {
  if (call.path === '/schedules' && call.method === 'GET')
    return [{ action: 'scheduler:ListSchedules', resource: '*' }];
  const name = /^\/schedules\/([^/]+)$/.exec(call.path)?.[1];
  if (!name) return undefined;
  const group = str(call.body.GroupName) || call.query.get('groupName') || 'default';
  const resource = `${arnPrefix('scheduler')}:schedule/${group}/${decodeURIComponent(name)}`;
  const action = {
    POST: 'CreateSchedule',
    GET: 'GetSchedule',
    DELETE: 'DeleteSchedule',
    PUT: 'UpdateSchedule',
  }[call.method];
  if (!action) return undefined;
  const requests: AuthorizationRequest[] = [{ action: `scheduler:${action}`, resource }];
  const roleArn = str((call.body.Target as Record<string, unknown> | undefined)?.RoleArn);
  // Handing a schedule its role is passing that role to Scheduler: AWS checks iam:PassRole too.
  if (roleArn) {
    requests.push({
      action: 'iam:PassRole',
      resource: roleArn,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
  }
  return requests;
}

/**
 * The IAM actions, resources and condition keys one request to the twin's endpoint needs. An
 * operation the twin serves without a mapping here fails loudly rather than passing unchecked.
 *
 * @example
 * ```ts
 * twinAuthorizationRequests({ target: 'AWSStepFunctions.StartExecution', method: 'POST', path: '/', query, body }, machineArn);
 * // [{ action: 'states:StartExecution', resource: machineArn, context: {...} }]
 * ```
 */
export function twinAuthorizationRequests(call: TwinCall, stateMachineArn: string): AuthorizationRequest[] {
  const [prefix = '', operation = ''] = call.target.split('.');
  const requests: AuthorizationRequest[] | undefined = !call.target
    ? scheduler(call)
    : prefix === 'AWSStepFunctions'
      ? stepFunctions(operation, call.body, stateMachineArn)
      : prefix === 'AWSEvents'
        ? eventBridge(operation, call.body)
        : prefix === 'secretsmanager'
          ? secretsManager(operation, call.body)
          : undefined;
  if (!requests) {
    throw new AwsApiError(
      'InternalFailure',
      `${call.target || `${call.method} ${call.path}`} has no IAM mapping in the local twin (local/iam/twin-requests.ts): refused`,
      { statusCode: 500, context: { target: call.target } },
    );
  }
  return requests.map((request) => ({ ...request, context: { ...BASE_CONTEXT, ...request.context } }));
}
