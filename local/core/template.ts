import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { LocalTemplateError } from '../../functions/domain/errors.js';
import { type BuildAppOptions, buildApp } from '../../infra/build-app.js';
import { HandlerMetadata } from '../../infra/constructs/handler-function.js';
import { type LocalStreamSource, readStreamSources } from './stream-template.js';

/** Where the local run pretends to be: fixed, so ARNs are stable between runs. */
export const LocalAws = { partition: 'aws', region: 'us-east-1', accountId: '000000000000' } as const;

/** What the local run's own SDK clients are made with (any credentials work on the twin). */
export const localClientConfig = {
  region: LocalAws.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/** A CloudFormation value: a literal or an intrinsic (`Ref`, `Fn::GetAtt`, `Fn::Join`...). */
export type CfnValue = unknown;

/** One Lambda function of the template that the local run calls in-process. */
export interface LocalFunction {
  logicalId: string;
  /** Handler file relative to the repository root (`brandflow:entry`). */
  entry: string;
  /** `brandflow:role`: the `LifecycleFunctions` key or the inbound detail-type. */
  role: string;
  /** `arn:aws:lambda:us-east-1:000000000000:function:<logicalId>`. */
  arn: string;
  /** The function's environment as written in the template (values may be intrinsics). */
  environment: Record<string, CfnValue>;
  timeoutSeconds: number;
  /** The logical id of its execution role (`Role: Fn::GetAtt [id, Arn]`), whose policies the local run enforces. */
  roleLogicalId?: string;
  /**
   * The function's asynchronous invocation settings (`AWS::Lambda::EventInvokeConfig`): how
   * often Lambda retries a failing asynchronous invocation, and the queue it then goes to.
   */
  asyncInvoke?: { maximumRetryAttempts?: number; onFailure?: string };
}

/** How a Task state calls its function. */
export type TaskIntegration = 'direct' | 'invoke' | 'waitForTaskToken';

export interface LocalTask {
  functionLogicalId: string;
  entry: string;
  integration: TaskIntegration;
}

/** An EventBridge rule that delivers to Lambda functions of the template. */
export interface LocalRule {
  logicalId: string;
  /** Logical id of the bus (`Ref`), or the literal bus name. */
  eventBus: string;
  eventPattern: Record<string, unknown>;
  targets: { functionLogicalId: string; entry: string; maximumRetryAttempts?: number }[];
}

/** What the local run needs from the synthesized template. */
export interface LocalTemplate {
  /** The synthesized definition, each function ARN replaced by its local ARN; nothing else changed. */
  definition: StateMachineDefinition;
  stateMachine: { logicalId: string; name: string; arn: string };
  /** Task state name (also inside Map) → the function it runs. */
  tasks: Record<string, LocalTask>;
  functions: Record<string, LocalFunction>;
  table: { logicalId: string; name: string; properties: Record<string, unknown> };
  bus: { logicalId: string; name: string; arn: string };
  rules: LocalRule[];
  /** Names of the template's `AWS::Scheduler::ScheduleGroup` resources (`default` is implicit). */
  scheduleGroups: { logicalId: string; name: string }[];
  /** Functions the table's stream invokes (local/stream-mapping.ts runs them). */
  streamSources: LocalStreamSource[];
  /** S3 buckets, named as the local S3 server serves them (S3 names are lower case). */
  buckets: { logicalId: string; name: string }[];
  /** Local ARNs of the template's SQS queues and IAM roles, by logical id (for `Fn::GetAtt [id, Arn]`). */
  resourceArns: Record<string, string>;
  /** Every resource of the template as synthesized: the IAM policies the local run enforces are read from it. */
  resources: Record<string, CfnResource>;
}

/** One resource of a CloudFormation template. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/**
 * Synthesizes the CDK app in-process (no bundling) and reads what the local run needs from
 * the stack's template.
 *
 * @example
 * ```ts
 * const template = synthesizeLocalTemplate();
 * template.tasks.CheckPolicy.entry; // 'functions/handlers/check-policy.ts'
 * ```
 */
export function synthesizeLocalTemplate(options: Omit<BuildAppOptions, 'skipBundling'> = {}): LocalTemplate {
  // The local run is the local profile: loopback platform servers and the sandbox adapter.
  const { app, stack } = buildApp({ localProfile: true, ...options, skipBundling: true });
  const template = app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
  return readLocalTemplate(template);
}

/**
 * Reads a synthesized CloudFormation template: resolves the state machine's
 * `DefinitionString` and finds the handler behind every Task state and inbound rule.
 *
 * @example
 * ```ts
 * const local = readLocalTemplate(JSON.parse(readFileSync('cdk.out/Brandflow.template.json', 'utf8')));
 * ```
 */
export function readLocalTemplate(template: CfnTemplate): LocalTemplate {
  const resources = template.Resources ?? {};
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  const functions: Record<string, LocalFunction> = {};
  for (const [logicalId, resource] of byType('AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[HandlerMetadata.entry];
    // Functions CDK adds for itself (custom resources) carry no entry: they are not Brandflow's.
    if (typeof entry !== 'string') continue;
    const props = resource.Properties ?? {};
    const variables = (props.Environment as { Variables?: Record<string, CfnValue> } | undefined)?.Variables;
    functions[logicalId] = {
      logicalId,
      entry,
      role: String(resource.Metadata?.[HandlerMetadata.role] ?? ''),
      arn: localFunctionArn(logicalId),
      environment: variables ?? {},
      timeoutSeconds: typeof props.Timeout === 'number' ? props.Timeout : 3,
      roleLogicalId: (props.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0],
    };
  }

  readAsyncInvokeConfigs(resources, functions);

  const [stateMachineEntry, ...otherMachines] = byType('AWS::StepFunctions::StateMachine');
  if (!stateMachineEntry || otherMachines.length > 0) {
    throw new LocalTemplateError('the template must hold exactly one state machine', {
      context: { stateMachines: otherMachines.length + (stateMachineEntry ? 1 : 0) },
    });
  }
  const [machineId, machine] = stateMachineEntry;
  const definitionString = resolveString(machine.Properties?.DefinitionString, resources, machineId);
  const definition = JSON.parse(definitionString) as StateMachineDefinition;
  const machineName = literalOr(machine.Properties?.StateMachineName, machineId);

  const [tableEntry] = [...byType('AWS::DynamoDB::Table'), ...byType('AWS::DynamoDB::GlobalTable')];
  if (!tableEntry) throw new LocalTemplateError('the template has no DynamoDB table');
  const [busEntry] = byType('AWS::Events::EventBus');
  if (!busEntry) throw new LocalTemplateError('the template has no event bus');
  const busName = literalOr(busEntry[1].Properties?.Name, busEntry[0]);

  return {
    definition,
    stateMachine: {
      logicalId: machineId,
      name: machineName,
      arn: `arn:${LocalAws.partition}:states:${LocalAws.region}:${LocalAws.accountId}:stateMachine:${machineName}`,
    },
    tasks: findTasks(definition, functions),
    functions,
    table: {
      logicalId: tableEntry[0],
      name: literalOr(tableEntry[1].Properties?.TableName, tableEntry[0]),
      properties: tableEntry[1].Properties ?? {},
    },
    bus: {
      logicalId: busEntry[0],
      name: busName,
      arn: `arn:${LocalAws.partition}:events:${LocalAws.region}:${LocalAws.accountId}:event-bus/${busName}`,
    },
    rules: byType('AWS::Events::Rule').flatMap(([logicalId, rule]) => readRule(logicalId, rule, functions)),
    scheduleGroups: byType('AWS::Scheduler::ScheduleGroup').map(([logicalId, group]) => ({
      logicalId,
      name: literalOr(group.Properties?.Name, logicalId),
    })),
    streamSources: readStreamSources(resources, functions),
    buckets: byType('AWS::S3::Bucket').map(([logicalId, bucket]) => ({
      logicalId,
      name: literalOr(bucket.Properties?.BucketName, logicalId.toLowerCase().slice(0, 63)),
    })),
    resourceArns: Object.fromEntries([
      ...byType('AWS::SQS::Queue').map(([logicalId]) => [logicalId, localQueueArn(logicalId)]),
      ...byType('AWS::IAM::Role').map(([logicalId]) => [
        logicalId,
        `arn:${LocalAws.partition}:iam::${LocalAws.accountId}:role/${logicalId}`,
      ]),
    ]),
    resources,
  };
}

/**
 * The function an ARN names, plain or qualified (`...:function:<id>:$LATEST`, an alias).
 *
 * @example
 * ```ts
 * functionByArn(template.functions, localFunctionArn('CollectMetricsFunctionA1B2C3D4'))?.entry;
 * // 'functions/handlers/collect-metrics.ts'
 * ```
 */
export function functionByArn(
  functions: Record<string, LocalFunction>,
  arn: string,
): LocalFunction | undefined {
  const match = /^arn:[^:]+:lambda:[^:]+:[^:]+:function:([^:]+)(?::[^:]+)?$/.exec(arn);
  const fn = match?.[1] ? functions[match[1]] : undefined;
  return fn && arn.startsWith(fn.arn) ? fn : undefined;
}

/**
 * The local ARN a queue's `Fn::GetAtt [id, Arn]` becomes.
 *
 * @example
 * ```ts
 * localQueueArn('SchedulerDeadLetterQueue1A2B3C4D'); // 'arn:aws:sqs:us-east-1:000000000000:SchedulerDeadLetterQueue1A2B3C4D'
 * ```
 */
export function localQueueArn(logicalId: string): string {
  return `arn:${LocalAws.partition}:sqs:${LocalAws.region}:${LocalAws.accountId}:${logicalId}`;
}

/** Each function's `AWS::Lambda::EventInvokeConfig`: retries and on-failure queue. */
function readAsyncInvokeConfigs(
  resources: Record<string, CfnResource>,
  functions: Record<string, LocalFunction>,
): void {
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const props = resource.Properties ?? {};
    const fn = functions[String((props.FunctionName as { Ref?: string } | undefined)?.Ref)];
    if (!fn) continue;
    const destination = (
      props.DestinationConfig as { OnFailure?: { Destination?: { 'Fn::GetAtt'?: [string, string] } } }
    )?.OnFailure?.Destination?.['Fn::GetAtt'];
    fn.asyncInvoke = {
      maximumRetryAttempts:
        typeof props.MaximumRetryAttempts === 'number' ? props.MaximumRetryAttempts : undefined,
      onFailure:
        destination && resources[destination[0]]?.Type === 'AWS::SQS::Queue'
          ? localQueueArn(destination[0])
          : undefined,
    };
  }
}

/**
 * The local ARN a function's `Fn::GetAtt [id, Arn]` becomes.
 *
 * @example
 * ```ts
 * localFunctionArn('CheckPolicyFunction085D3344'); // 'arn:aws:lambda:us-east-1:000000000000:function:CheckPolicyFunction085D3344'
 * ```
 */
export function localFunctionArn(logicalId: string): string {
  return `arn:${LocalAws.partition}:lambda:${LocalAws.region}:${LocalAws.accountId}:function:${logicalId}`;
}

function literalOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Resolves the intrinsics a definition string holds: pseudo parameters and function ARNs. */
function resolveString(value: unknown, resources: Record<string, CfnResource>, where: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const intrinsic = value as Record<string, unknown>;
    const join = intrinsic['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map((part) => resolveString(part, resources, where)).join(join[0]);
    }
    const ref = intrinsic.Ref;
    if (ref === 'AWS::Partition') return LocalAws.partition;
    if (ref === 'AWS::Region') return LocalAws.region;
    if (ref === 'AWS::AccountId') return LocalAws.accountId;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    const getAtt = intrinsic['Fn::GetAtt'];
    if (
      Array.isArray(getAtt) &&
      getAtt[1] === 'Arn' &&
      resources[String(getAtt[0])]?.Type === 'AWS::Lambda::Function'
    ) {
      return localFunctionArn(String(getAtt[0]));
    }
  }
  throw new LocalTemplateError(`${where}: cannot resolve ${JSON.stringify(value)} locally`, {
    context: { where },
  });
}

type StateRecord = Record<string, unknown> & { Type?: string };

function findTasks(definition: StateMachineDefinition, functions: Record<string, LocalFunction>) {
  const tasks: Record<string, LocalTask> = {};
  for (const [stateName, state] of walkStates(definition)) {
    if (state.Type !== 'Task') continue;
    const resource = String(state.Resource ?? '');
    const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
    const direct = Object.values(functions).find((fn) => fn.arn === resource);
    const integration: TaskIntegration = direct
      ? 'direct'
      : resource.endsWith(':states:::lambda:invoke.waitForTaskToken')
        ? 'waitForTaskToken'
        : 'invoke';
    const fn =
      direct ??
      (resource.includes(':states:::lambda:invoke') && typeof parameters.FunctionName === 'string'
        ? functionByArn(functions, parameters.FunctionName)
        : undefined);
    if (!fn) {
      throw new LocalTemplateError(`task ${stateName} calls ${resource}, which the local run cannot call`, {
        context: { stateName, resource },
      });
    }
    tasks[stateName] = { functionLogicalId: fn.logicalId, entry: fn.entry, integration };
  }
  return tasks;
}

/**
 * Every state of a definition, including those inside Map and Parallel states.
 *
 * @example
 * ```ts
 * for (const [name, state] of walkStates(definition)) console.log(name, state.Type);
 * ```
 */
export function* walkStates(definition: {
  States: Record<string, unknown>;
}): Generator<[string, StateRecord]> {
  for (const [name, value] of Object.entries(definition.States)) {
    const state = value as StateRecord;
    yield [name, state];
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[]) ?? [])];
    for (const inner of nested) {
      if (inner && typeof inner === 'object' && 'States' in inner) {
        yield* walkStates(inner as { States: Record<string, unknown> });
      }
    }
  }
}

function readRule(
  logicalId: string,
  rule: CfnResource,
  functions: Record<string, LocalFunction>,
): LocalRule[] {
  const props = rule.Properties ?? {};
  if (props.State === 'DISABLED' || !props.EventPattern) return [];
  const busRef = props.EventBusName as { Ref?: string } | string | undefined;
  const eventBus = typeof busRef === 'string' ? busRef : (busRef?.Ref ?? 'default');
  const targets = ((props.Targets as Record<string, unknown>[] | undefined) ?? []).flatMap((target) => {
    const arn = target.Arn as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const fn = arn?.['Fn::GetAtt'] ? functions[arn['Fn::GetAtt'][0]] : undefined;
    if (!fn) return [];
    const retry = target.RetryPolicy as { MaximumRetryAttempts?: number } | undefined;
    return [
      { functionLogicalId: fn.logicalId, entry: fn.entry, maximumRetryAttempts: retry?.MaximumRetryAttempts },
    ];
  });
  const eventPattern = resolvePattern(props.EventPattern, `${logicalId} EventPattern`) as Record<
    string,
    unknown
  >;
  return targets.length > 0 ? [{ logicalId, eventBus, eventPattern, targets }] : [];
}

/** An event pattern with its pseudo parameters (`{ Ref: 'AWS::AccountId' }`) resolved to the local values. */
function resolvePattern(value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolvePattern(item, where));
  if (value && typeof value === 'object') {
    if ('Ref' in value || 'Fn::Join' in value) return resolveString(value, {}, where);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolvePattern(item, where)]));
  }
  return value;
}
