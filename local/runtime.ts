import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { createRunScope, type RunScope } from '../functions/aws/run-scope.js';
import { type LocalAwsEndpoint, LocalSecrets, startAwsEndpoint } from './aws-endpoint.js';
import { installLocalClock, realNow } from './clock.js';
import {
  type LocalFunction,
  type LocalTemplate,
  localClientConfig,
  synthesizeLocalTemplate,
} from './core/template.js';
import { DeadLetters } from './dead-letters.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { adaptForLocalEngine, type LocalAdaptation } from './engine-definition.js';
import { LocalEventBus } from './event-bus.js';
import { LocalFaults } from './faults.js';
import { seedGeneratedSecrets } from './generated-secrets.js';
import { startLocalHttpApi } from './http-api.js';
import { callingFunction } from './iam/caller.js';
import type { IamDecisionRecord } from './iam/enforcer.js';
import { type LocalIam, startLocalIam } from './iam/local-iam.js';
import { startS3Guard } from './iam/s3-guard.js';
import { lambdaInvokeRoute } from './lambda-api.js';
import { createLambdaHost } from './lambda-host.js';
import { LOCAL_AUDIENCE, type LocalOpenIdIssuer, startLocalOpenIdIssuer } from './openid-issuer.js';
import { startLocalS3 } from './s3-server.js';
import { LocalScheduler } from './scheduler.js';
import { defaultSpeed, type LocalSpeed } from './speed.js';
import { LocalSqs } from './sqs-api.js';
import { LocalStepFunctions } from './step-functions.js';
import { startStreamSources } from './stream-sources.js';
import { ensureTable } from './table.js';
import { resolveFunctionEnvironment } from './template-environment.js';
import type {
  LocalApiCall,
  LocalBusEvent,
  LocalDeadLetter,
  LocalDelivery,
  LocalExecution,
  LocalRuntimeEvent,
  LocalScheduleRun,
} from './types.js';
import { Waiters } from './waiters.js';

export type { LocalSpeed } from './speed.js';
export type * from './types.js';

export interface StartLocalBrandflowOptions {
  /**
   * Folder kept between runs: DynamoDB Local's database (`<dataDir>/dynamodb`) and every event
   * put on the bus (`<dataDir>/events.jsonl`). Omitted, everything lives in memory.
   */
  dataDir?: string;
  /** An already running DynamoDB (the test setup's); then no DynamoDB Local is started. */
  dynamoDbEndpoint?: string;
  /** The table's name; defaults to the template's TableName, else the table's logical id. */
  tableName?: string;
  /** Time compression; see {@link LocalSpeed} and docs/local-run.md. */
  speed?: Partial<LocalSpeed>;
  /** Everything that happens, as it happens: for a live view. Must not throw. */
  onEvent?: (event: LocalRuntimeEvent) => void;
  /** Fixed ports for a served twin (`npm start`); free ones when omitted. */
  ports?: { aws?: number; dynamoDb?: number; api?: number; issuer?: number };
  /** App settings, as for `cdk synth` (metric round hours, bus name). */
  app?: { metricsScheduleHours?: number[]; eventBusName?: string };
  /**
   * Functions hosted beside the template's, as if deployed next to the stack: a schedule or
   * a test may invoke them by ARN. Their entry files are imported like the handlers.
   */
  extraFunctions?: LocalFunction[];
  /**
   * Check every AWS call a handler makes against its function's role policy from the template,
   * failing a denied call with AWS's AccessDeniedException (docs/security.md). @default true
   */
  enforceIam?: boolean;
  /** Runs this template instead of synthesizing the app (a test that changes a policy). */
  template?: LocalTemplate;
}

/** A running local Brandflow. */
export interface LocalBrandflow {
  /** The environment every handler runs with (never set on `process.env`). */
  env: Readonly<Record<string, string>>;
  /**
   * This run's scope (functions/aws/run-scope.ts): Brandflow's own modules called inside
   * `scope.run` or bound with `scope.bind` read this run's environment and talk to its
   * endpoints, as its handlers do; several runs can share one process.
   */
  scope: RunScope;
  template: LocalTemplate;
  /** The definition the engine runs, and how it differs from the synthesized one. */
  engineDefinition: StateMachineDefinition;
  adaptations: LocalAdaptation[];
  /** Mutable: a change applies to the states, timeouts and deliveries that start afterwards. */
  speed: LocalSpeed;
  /** The Step Functions, EventBridge, Secrets Manager and Scheduler endpoint (`http://127.0.0.1:<port>`). */
  awsEndpoint: string;
  /** The front door: the stack's HTTP API, behind the emulated JWT authorizer (`http://127.0.0.1:<port>`). */
  apiEndpoint: string;
  /** The local OpenID issuer whose tokens the front door accepts (local only; docs/security.md). */
  issuer: LocalOpenIdIssuer;
  /** Every event put on any bus, in order. */
  events: readonly LocalBusEvent[];
  /**
   * Every AWS API call the twin's endpoint answered (Step Functions, EventBridge, Scheduler,
   * Secrets Manager, SQS, Lambda's Invoke), in order, as CloudTrail records them: what a test
   * asserts a function asked of AWS. DynamoDB and S3 calls are not in it.
   */
  apiCalls: readonly LocalApiCall[];
  /**
   * Invokes a function of the template (or an extra one) as Lambda's synchronous Invoke does:
   * its handler runs in this run as its role, and the result comes back, or the error it threw.
   */
  invoke(logicalId: string, event: unknown): Promise<unknown>;
  /** The IAM decisions taken on the handlers' calls, in order (empty with `enforceIam: false`). */
  iamDecisions: readonly IamDecisionRecord[];
  /** Final outcomes of deliveries to rule targets (delivered, or dropped after the retries). */
  deliveries: readonly LocalDelivery[];
  /** Executions by name. */
  executions: ReadonlyMap<string, LocalExecution>;
  /** EventBridge Scheduler: one-time schedules, in memory (see docs/local-run.md). */
  scheduler: LocalScheduler;
  /** Final outcomes of schedule firings, in the order they ended. */
  scheduleRuns: readonly LocalScheduleRun[];
  /** What AWS would hold in dead-letter queues and on-failure destinations, oldest first. */
  deadLetters: readonly LocalDeadLetter[];
  /** Faults a test injects: PutEvents outages, a forwarder dying mid-batch (local/faults.ts). */
  faults: LocalFaults;
  /** The outcome of the first firing of the schedule with this ARN, once it has ended. */
  waitForScheduleRun(scheduleArn: string, timeoutMs?: number): Promise<LocalScheduleRun>;
  /** PutEvents through the SDK, as an integrator would (events are marked `origin: 'integrator'`). */
  putEvents(entries: PutEventsRequestEntry[]): Promise<PutEventsCommandOutput>;
  /** The first event, already put or still to come, that `predicate` accepts. */
  waitForEvent(predicate: (event: LocalBusEvent) => boolean, timeoutMs?: number): Promise<LocalBusEvent>;
  /** The final outcome of delivering the event with this id (from `putEvents`' `EventId`). */
  waitForDelivery(eventId: string, timeoutMs?: number): Promise<LocalDelivery>;
  /** The execution once it exists and has closed (any status). */
  waitForExecution(name: string, timeoutMs?: number): Promise<LocalExecution>;
  /** The execution once it has entered `stateName` `occurrence` times (default once). */
  waitForState(
    name: string,
    stateName: string,
    options?: { occurrence?: number; timeoutMs?: number },
  ): Promise<LocalExecution>;
  /**
   * Resolves once nothing moves: every running execution waits (in a Wait state, or for a
   * callback task's token) and no handler invocation runs. For tests that drive handlers
   * themselves beside the executions their calls start.
   */
  waitForRest(timeoutMs?: number): Promise<void>;
  /** Fault injection for tests: see {@link LambdaHost.loseNextAnswer}. */
  loseNextLambdaAnswer(role: string, errorName: string): void;
  /** Resolves once no handler invocation is running, an abandoned one included. */
  lambdaIdle(): Promise<void>;
  /**
   * Cancels pending schedules, stops executions and deliveries (waiting for invocations under
   * way), the endpoint and DynamoDB Local; restores `Date`.
   */
  stop(): Promise<void>;
}

const DEFAULT_WAIT_MS = 20_000;
/** Per app settings: the synthesized template and the definition the engine runs, made once per process. */
const prepared = new Map<
  string,
  { template: LocalTemplate; engine: ReturnType<typeof adaptForLocalEngine> }
>();

/**
 * Runs Brandflow on this machine: the synthesized state machine on aws-local-stepfunctions,
 * each task and inbound rule running its handler's source in this process, against
 * DynamoDB Local, with AWS SDK calls for Step Functions and EventBridge served locally.
 *
 * @example
 * ```ts
 * const brandflow = await startLocalBrandflow({ dataDir: '.brandflow' });
 * await brandflow.putEvents([{ EventBusName: 'brandflow', Source: 'my.cms', DetailType: 'Submit Post', Detail: '{...}' }]);
 * const execution = await brandflow.waitForExecution('spring-launch-r1');
 * await brandflow.stop();
 * ```
 */
export async function startLocalBrandflow(options: StartLocalBrandflowOptions = {}): Promise<LocalBrandflow> {
  const {
    template,
    engine: { definition, adaptations },
  } = options.template
    ? { template: options.template, engine: adaptForLocalEngine(options.template.definition) }
    : preparedTemplate(options.app);
  const speed: LocalSpeed = { ...defaultSpeed, ...options.speed };
  const waiters = new Waiters();
  const onEvent = (event: LocalRuntimeEvent) => {
    options.onEvent?.(event);
    waiters.notify();
  };
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };

  try {
    stops.push(installLocalClock());
    let dynamo: DynamoDbLocal | undefined;
    if (!options.dynamoDbEndpoint) {
      dynamo = await startDynamoDbLocal({
        dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
        port: options.ports?.dynamoDb,
      });
      stops.push(() => dynamo?.stop());
    }
    const tableName = options.tableName ?? template.table.name;
    const env: Record<string, string> = {
      AWS_REGION: localClientConfig.region,
      AWS_ACCESS_KEY_ID: localClientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localClientConfig.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint ?? (dynamo as DynamoDbLocal).endpoint,
      ...resolveFunctionEnvironment(template, { tableName }),
    };

    let iam: LocalIam | undefined;
    if (options.enforceIam !== false) {
      iam = await startLocalIam(template, { tableName }, env.AWS_ENDPOINT_URL_DYNAMODB as string);
      stops.push(() => iam?.close());
      env.AWS_ENDPOINT_URL_DYNAMODB = iam.dynamoDbEndpoint;
    }

    const functions: Record<string, LocalFunction> = { ...template.functions };
    for (const fn of options.extraFunctions ?? []) functions[fn.logicalId] = fn;
    // Every invocation reads this run's environment: the endpoints join it below, before any runs.
    const scope = createRunScope(env);
    const host = createLambdaHost(functions, { runAs: iam?.runAs, scope });
    const sfn = new LocalStepFunctions({ template, definition, host, speed, onEvent });
    const deadLetters = new DeadLetters();
    const faults = new LocalFaults();
    const bus = new LocalEventBus({
      template,
      host,
      speed,
      onEvent,
      eventsFile: options.dataDir && join(options.dataDir, 'events.jsonl'),
      deadLetters,
    });
    const scheduler = new LocalScheduler({
      functions,
      host,
      speed,
      deadLetters,
      onEvent,
      groups: template.scheduleGroups.map((group) => group.name),
    });
    const putEvents = bus.putEvents.bind(bus);
    bus.putEvents = (entries, origin) =>
      origin === 'handler'
        ? faults.aroundPutEvents(() => putEvents(entries, origin))
        : putEvents(entries, origin);
    const queueNames = Object.keys(template.resourceArns).filter((id) =>
      template.resourceArns[id]?.includes(':sqs:'),
    );
    const sqs = new LocalSqs(deadLetters, queueNames, () => endpoint.url);
    // The secrets the stack generates exist from the start, as after a deploy (the feedback author key).
    const secrets = new LocalSecrets();
    seedGeneratedSecrets(secrets, template);
    const apiCalls: LocalApiCall[] = [];
    const endpoint: LocalAwsEndpoint = await startAwsEndpoint(sfn, bus, secrets, {
      port: options.ports?.aws,
      scheduler,
      authorize: iam?.authorizeTwinCall,
      extraOperations: sqs.operations(),
      rawRoute: lambdaInvokeRoute(functions, host),
      beforeOperation: (operation, origin) => {
        if (origin === 'handler') faults.beforeCall(operation);
      },
      onServed: ({ authorization, request, ...call }) => {
        apiCalls.push({
          ...call,
          request: withoutSecretValues(request),
          caller: callingFunction(authorization),
        });
      },
    });
    stops.push(() => endpoint.close());
    env.AWS_ENDPOINT_URL_SFN = endpoint.url;
    env.AWS_ENDPOINT_URL_EVENTBRIDGE = endpoint.url;
    env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint.url;
    env.AWS_ENDPOINT_URL_SCHEDULER = endpoint.url;
    env.AWS_ENDPOINT_URL_SQS = endpoint.url;
    const s3 = await startLocalS3({
      buckets: template.buckets.map((bucket) => bucket.name),
      directory: options.dataDir && join(options.dataDir, 's3'),
    });
    stops.push(() => s3.stop());
    env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
    if (iam) {
      // The handlers' S3 calls are checked against their roles too, before the server sees them.
      const s3Guard = await startS3Guard(s3.endpoint, iam.enforcer, env.AWS_ACCESS_KEY_ID as string);
      stops.push(() => s3Guard.close());
      env.AWS_ENDPOINT_URL_S3 = s3Guard.endpoint;
    }
    // Last in, first out: executions and deliveries end before the endpoint and the database go.
    stops.push(async () => {
      // Pending schedules first: none may fire into a stopping run.
      await scheduler.stop();
      await sfn.stopAll();
      await bus.stop();
      await host.idle();
    });

    const dynamoClient = new DynamoDBClient({
      ...localClientConfig,
      endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    });
    try {
      await ensureTable(dynamoClient, tableName, template.table.properties);
    } finally {
      dynamoClient.destroy();
    }
    await host.preload();
    // The outbox: the table's stream drives the forwarder, as Lambda's event source mapping does.
    const streams = await startStreamSources({
      template,
      tableName,
      dynamoDbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB as string,
      host,
      deadLetters,
      faults,
      runAs: iam?.runAs,
    });
    stops.push(() => streams.stop());

    const issuer = await startLocalOpenIdIssuer({ port: options.ports?.issuer });
    stops.push(() => issuer.close());
    const api = await startLocalHttpApi(
      functions,
      host,
      // Tokens live in real time, as people do; the local clock jumps with compressed waits.
      { issuer: issuer.issuer, audience: [LOCAL_AUDIENCE], jwks: issuer.jwksUrl, now: realNow },
      { port: options.ports?.api },
    );
    // Before the executions stop: no request may reach a stopping run.
    stops.push(() => api.close());

    const integrator = new EventBridgeClient({ ...localClientConfig, endpoint: endpoint.integratorUrl });
    stops.push(() => integrator.destroy());

    return {
      env,
      scope,
      template,
      engineDefinition: definition,
      adaptations,
      speed,
      awsEndpoint: endpoint.url,
      apiEndpoint: api.url,
      issuer,
      events: bus.events,
      apiCalls,
      invoke: (logicalId, event) => host.invoke(logicalId, event),
      iamDecisions: iam?.enforcer.decisions ?? [],
      deliveries: bus.delivered,
      executions: sfn.executions,
      scheduler,
      scheduleRuns: scheduler.runs,
      deadLetters: deadLetters.all,
      faults,
      waitForScheduleRun: (scheduleArn, timeoutMs = DEFAULT_WAIT_MS) =>
        waiters.until(`schedule ${scheduleArn} to fire`, timeoutMs, () =>
          scheduler.runs.find((run) => run.scheduleArn === scheduleArn),
        ),
      putEvents: (entries) => integrator.send(new PutEventsCommand({ Entries: entries })),
      loseNextLambdaAnswer: (role, errorName) => host.loseNextAnswer(role, errorName),
      lambdaIdle: () => host.idle(),
      waitForRest: async (timeoutMs = DEFAULT_WAIT_MS) => {
        // A handler outside any execution (a rule target, an Invoke) may start one: look again after it.
        do {
          await waiters.until('every execution to wait', timeoutMs, () => sfn.allWaiting() || undefined);
          await host.idle();
        } while (!sfn.allWaiting());
      },
      waitForEvent: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
        waiters.until(`an event matching ${predicate.name || 'the predicate'}`, timeoutMs, () =>
          bus.events.find(predicate),
        ),
      waitForDelivery: (eventId, timeoutMs = DEFAULT_WAIT_MS) =>
        waiters.until(`delivery of event ${eventId}`, timeoutMs, () =>
          bus.delivered.find((d) => d.eventId === eventId),
        ),
      waitForExecution: (name, timeoutMs = DEFAULT_WAIT_MS) =>
        waiters.until(`execution ${name} to close`, timeoutMs, () => {
          const execution = sfn.executions.get(name);
          return execution && execution.status !== 'RUNNING' ? execution : undefined;
        }),
      waitForState: (name, stateName, { occurrence = 1, timeoutMs = DEFAULT_WAIT_MS } = {}) =>
        waiters.until(`execution ${name} to enter ${stateName}`, timeoutMs, () => {
          const execution = sfn.executions.get(name);
          const count = execution?.statesEntered.filter((s) => s === stateName).length ?? 0;
          return count >= occurrence ? execution : undefined;
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Members CloudTrail never records, and neither does the trail: a secret's value. */
const SECRET_MEMBERS = ['SecretString', 'SecretBinary'];

/**
 * A request as the trail keeps it: a secret's value replaced as CloudTrail replaces it, so a
 * channel's credentials never sit in `apiCalls` where a test or a live view may print them.
 */
function withoutSecretValues(request: Record<string, unknown>): Record<string, unknown> {
  if (!SECRET_MEMBERS.some((member) => member in request)) return request;
  const kept = { ...request };
  for (const member of SECRET_MEMBERS) {
    if (member in kept) kept[member] = 'HIDDEN_DUE_TO_SECURITY_REASONS';
  }
  return kept;
}

function preparedTemplate(app: StartLocalBrandflowOptions['app'] = {}) {
  const key = JSON.stringify(app);
  let entry = prepared.get(key);
  if (!entry) {
    const template = synthesizeLocalTemplate(app);
    entry = { template, engine: adaptForLocalEngine(template.definition) };
    prepared.set(key, entry);
  }
  return entry;
}
