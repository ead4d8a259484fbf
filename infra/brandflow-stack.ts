import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { SchedulerEnv } from '../functions/aws/env.js';
import { type ApiRouteKey, ApiRoutes } from '../functions/contract/api-routes.js';
import {
  type AccountBinding,
  checkedBinding,
  parseAccountBinding,
} from '../functions/domain/account-binding.js';
import { HUMAN_DECISION_EVENTS, InboundEvent, OutboundEvent } from '../functions/domain/events.js';
import { DEFAULT_METRICS_SCHEDULE_HOURS } from '../functions/domain/metrics-schedule.js';
import { INTEGRATOR_BRANDS_ENV } from '../functions/middleware/integrator-brands.js';
import type { LifecycleFunctions } from '../workflows/post-lifecycle.js';
import { ApplicationKey } from './constructs/application-key.js';
import { AssetLibrary } from './constructs/asset-library.js';
import { BusLockdown } from './constructs/bus-lockdown.js';
import { ChannelSecrets } from './constructs/channel-secrets.js';
import { DataTable } from './constructs/data-table.js';
import { EventContractRegistry } from './constructs/event-contract-registry.js';
import { EventIntake } from './constructs/event-intake.js';
import { FeedbackAuthorKey } from './constructs/feedback-author-key.js';
import { grantDataAccess, grantLifecycleAccess } from './constructs/function-grants.js';
import { HandlerFunction } from './constructs/handler-function.js';
import { LifecycleStateMachine } from './constructs/lifecycle-state-machine.js';
import { LocalProfile } from './constructs/local-profile.js';
import { MetricsRoundScheduling } from './constructs/metrics-round-scheduling.js';
import { OperationsMonitoring } from './constructs/operations-monitoring.js';
import { OutboxForwarding } from './constructs/outbox-forwarding.js';
import { type IdentitySettings, PeopleApi } from './constructs/people-api.js';
import { ReportScheduling } from './constructs/report-scheduling.js';
import { ReportStorage } from './constructs/report-storage.js';
import { identityOrigins, ReviewPortal } from './constructs/review-portal.js';
import { type FunctionAccess, FunctionAccessByRole, type FunctionRole } from './core/function-access.js';
import { InboundHandlerFiles, LifecycleHandlerFiles, ScheduledHandlerFiles } from './core/handler-catalog.js';
import { parseMetricsScheduleHours } from './stack-settings.js';

export interface BrandflowStackProps extends StackProps {
  /** Name of the custom bus integrators send to and subscribe on. @default 'brandflow' */
  eventBusName?: string;
  /** Hours after publication at which metrics are collected. @default [1, 24, 72] */
  metricsScheduleHours?: number[];
  /**
   * Connected social accounts, each bound to one brand and platform (and destination for
   * Mastodon and webhooks): `account:brand:platform[:destination]` or the object form. One
   * Secrets Manager secret each, the binding in its tags (docs/security.md). @default []
   */
  channelAccounts?: (string | AccountBinding)[];
  /**
   * Build for the local run only: fake platform servers on loopback, base URLs in profiles
   * and the sandbox adapter; the template then refuses to deploy (LocalProfile). @default false
   */
  localProfile?: boolean;
  /** AWS accounts allowed to put the inbound events on the bus (docs/events.md). @default [] */
  integratorAccounts?: string[];
  /** Email address told of every alarm (docs/operations.md). @default none: subscribe to the topic later */
  alarmEmail?: string;
  /** `account:brandId` pairs: the brands each integrator account may act for (docs/security.md). @default [] */
  integratorBrands?: string[];
  /** Readable stack traces in the functions' logs, at a cold-start cost (HandlerFunctionProps). @default false */
  sourceMapStackTraces?: boolean;
  /** The front door's identity provider, claims and admins (docs/security.md). @default a Cognito user pool */
  identity?: IdentitySettings;
}

export const DEFAULT_EVENT_BUS_NAME = 'brandflow';
export { DEFAULT_METRICS_SCHEDULE_HOURS };

/**
 * Everything Brandflow deploys: the table, the bus and its inbound rules, one Lambda function
 * per handler and the `PostLifecycle` state machine.
 *
 * @example
 * ```ts
 * const app = new App();
 * new BrandflowStack(app, 'Brandflow', { metricsScheduleHours: [1, 24] });
 * ```
 */
export class BrandflowStack extends Stack {
  readonly data: DataTable;
  readonly bus: events.EventBus;
  readonly lifecycleFunctions: LifecycleFunctions;
  readonly lifecycle: LifecycleStateMachine;
  readonly intakes: Record<InboundEvent, EventIntake>;
  readonly replySending: EventIntake;
  readonly channelSecrets: ChannelSecrets;
  readonly metricsRounds: MetricsRoundScheduling;
  /** Encrypts channel secrets, the bus archive, dead-letter queues and log groups. */
  readonly applicationKey: ApplicationKey;
  readonly outbox: OutboxForwarding;
  readonly operations: OperationsMonitoring;
  readonly peopleApi: PeopleApi;
  readonly reports: ReportStorage;
  /** Every brand's weekly and monthly report schedules: their group, role and dead letters. */
  readonly reportSchedules: ReportScheduling;
  readonly assets: AssetLibrary;
  /** The generated key feedback authors are hashed with (docs/security.md). */
  readonly feedbackAuthorKey: FeedbackAuthorKey;

  constructor(scope: Construct, id: string, props: BrandflowStackProps = {}) {
    super(scope, id, props);
    const metricsScheduleHours = parseMetricsScheduleHours(
      props.metricsScheduleHours ?? DEFAULT_METRICS_SCHEDULE_HOURS,
    );

    this.data = new DataTable(this, 'Data');
    this.applicationKey = new ApplicationKey(this, 'ApplicationKey');
    const { key } = this.applicationKey;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? DEFAULT_EVENT_BUS_NAME,
    });
    new EventContractRegistry(this, 'EventContract', {
      bus: this.bus,
      integratorAccounts: props.integratorAccounts ?? [],
      key,
    });
    const localEnvironment = props.localProfile ? new LocalProfile(this, 'LocalProfile').environment : {};
    // Handlers write their events with their changes; only the forwarder puts them on the bus.
    this.outbox = new OutboxForwarding(this, 'Outbox', {
      table: this.data.table,
      bus: this.bus,
      key,
      environment: localEnvironment,
      sourceMapStackTraces: props.sourceMapStackTraces,
    });
    const baseEnvironment = { TABLE_NAME: this.data.table.tableName, ...localEnvironment };

    this.reports = new ReportStorage(this, 'Reports');
    this.assets = new AssetLibrary(this, 'Assets');
    this.feedbackAuthorKey = new FeedbackAuthorKey(this, 'FeedbackAuthorKey', { key });

    const handler = (file: string, role: FunctionRole, environment: Record<string, string> = {}) => {
      const access: FunctionAccess = FunctionAccessByRole[role];
      const construct = new HandlerFunction(this, pascalCase(file), {
        file,
        role,
        environment: {
          ...baseEnvironment,
          ...(access.reports ? this.reports.environment() : {}),
          ...(access.assets ? this.assets.environment() : {}),
          ...(access.feedbackAuthorKey ? this.feedbackAuthorKey.environment() : {}),
          ...environment,
        },
        logKey: key,
        sourceMapStackTraces: props.sourceMapStackTraces,
      });
      // Exactly what the function's code calls (infra/core/function-access.ts).
      grantDataAccess(construct.function, access, {
        table: this.data.table,
        tableKey: this.data.key,
      });
      if (access.reports === 'write') this.reports.allowWriting(construct.function);
      if (access.assets) this.assets.allow(construct.function, access.assets);
      if (access.feedbackAuthorKey) this.feedbackAuthorKey.allowReading(construct.function);
      return construct.function;
    };

    this.channelSecrets = new ChannelSecrets(this, 'ChannelSecrets', {
      accounts: (props.channelAccounts ?? []).map((entry) => readBinding(entry, props.localProfile ?? false)),
      key,
    });

    this.metricsRounds = new MetricsRoundScheduling(this, 'MetricsRounds', key);
    // Feedback items' reminder and escalation checks, invoked by their one-time schedules (docs/feedback.md).
    const checkFeedbackSla = handler(ScheduledHandlerFiles.checkFeedbackSla, 'checkFeedbackSla');
    this.metricsRounds.allowInvoking(checkFeedbackSla);
    const feedbackChecks = { [SchedulerEnv.feedbackCheckArn]: checkFeedbackSla.functionArn };
    const lifecycleFunctions = {} as Record<keyof LifecycleFunctions, HandlerFunction['function']>;
    for (const [role, file] of Object.entries(LifecycleHandlerFiles) as [
      keyof LifecycleFunctions,
      string,
    ][]) {
      const environment: Record<string, string> =
        role === 'recordPublication' ? { METRICS_SCHEDULE_HOURS: metricsScheduleHours.join(',') } : {};
      const access: FunctionAccess = FunctionAccessByRole[role];
      if (access.channelSecrets) environment.CHANNEL_SECRET_PREFIX = this.channelSecrets.prefix;
      // Both create round schedules: the rounds themselves, and a rate-limited round's retry.
      if (role === 'collectMetrics')
        Object.assign(environment, this.metricsRounds.environment(), feedbackChecks);
      if (role === 'scheduleMetricsRounds') {
        Object.assign(environment, this.metricsRounds.environment(lifecycleFunctions.collectMetrics));
      }
      lifecycleFunctions[role] = handler(file, role, environment);
      if (access.channelSecrets) this.channelSecrets.grant(lifecycleFunctions[role], access.channelSecrets);
    }
    this.lifecycleFunctions = lifecycleFunctions;
    this.lifecycle = new LifecycleStateMachine(this, 'Lifecycle', lifecycleFunctions, key);
    const { stateMachine } = this.lifecycle;
    for (const [role, fn] of Object.entries(lifecycleFunctions) as [
      keyof LifecycleFunctions,
      lambda.IFunction,
    ][]) {
      const access: FunctionAccess = FunctionAccessByRole[role];
      if (access.schedulesRounds) this.metricsRounds.allowScheduling(fn);
      grantLifecycleAccess(
        this,
        `${pascalCase(LifecycleHandlerFiles[role])}Lifecycle`,
        fn,
        access,
        stateMachine,
      );
    }
    this.metricsRounds.allowInvoking(lifecycleFunctions.collectMetrics);

    this.reportSchedules = new ReportScheduling(this, 'ReportSchedules', key);
    const intakes: Partial<Record<InboundEvent, EventIntake>> = {};
    for (const detailType of Object.values(InboundEvent)) {
      const file = InboundHandlerFiles[detailType];
      // Only a submission and a retry start executions; the machine never calls these handlers, so no cycle.
      const environment: Record<string, string> = executionStarters.includes(detailType)
        ? { STATE_MACHINE_ARN: stateMachine.stateMachineArn }
        : {};
      const secrets = (FunctionAccessByRole[detailType] as FunctionAccess).channelSecrets;
      if (secrets) environment.CHANNEL_SECRET_PREFIX = this.channelSecrets.prefix;
      environment[INTEGRATOR_BRANDS_ENV] = (props.integratorBrands ?? []).join(',');
      const schedulesRounds = (FunctionAccessByRole[detailType] as FunctionAccess).schedulesRounds;
      if (schedulesRounds) Object.assign(environment, this.metricsRounds.environment(), feedbackChecks);
      const fn = handler(file, detailType, environment);
      if (schedulesRounds) this.metricsRounds.allowScheduling(fn);
      grantLifecycleAccess(
        this,
        `${pascalCase(file)}Lifecycle`,
        fn,
        FunctionAccessByRole[detailType],
        stateMachine,
      );
      if (secrets) this.channelSecrets.grant(fn, secrets);
      if ((FunctionAccessByRole[detailType] as FunctionAccess).schedulesReports) {
        this.reportSchedules.allowScheduling(fn);
      }
      intakes[detailType] = new EventIntake(this, `${pascalCase(file)}Intake`, {
        bus: this.bus,
        detailType,
        handler: fn,
        key,
        // Human decisions: never from an integrator account (docs/security.md).
        accounts: HUMAN_DECISION_EVENTS.includes(detailType)
          ? [this.account]
          : [this.account, ...(props.integratorAccounts ?? [])],
      });
    }
    this.intakes = intakes as Record<InboundEvent, EventIntake>;
    this.reportSchedules.allowInvoking(this.intakes[InboundEvent.GenerateReport].handler);
    const replySender = handler('send-feedback-reply', 'sendFeedbackReply', {
      CHANNEL_SECRET_PREFIX: this.channelSecrets.prefix,
    });
    this.channelSecrets.grant(replySender, 'read-write');
    this.replySending = new EventIntake(this, 'ReplySending', {
      bus: this.bus,
      detailType: OutboundEvent.FeedbackReplyApproved,
      handler: replySender,
      key,
      accounts: [this.account],
      own: true,
    });
    // The review portal (docs/portal.md): deployed to AWS only; the local run serves it from the twin.
    const portal = props.localProfile
      ? undefined
      : new ReviewPortal(this, 'ReviewPortal', { identityOrigins: identityOrigins(this, props.identity) });
    this.peopleApi = new PeopleApi(this, 'PeopleApi', {
      ...props.identity,
      portalOrigin: portal?.origin,
      table: this.data.table,
      tableKey: this.data.key,
      stateMachine,
      key,
      channelSecrets: this.channelSecrets,
      assets: this.assets,
      reports: this.reports,
      environment: baseEnvironment,
      sourceMapStackTraces: props.sourceMapStackTraces,
    });
    for (const [route, fn] of Object.entries(this.peopleApi.functions)) {
      if ((FunctionAccessByRole[route as ApiRouteKey] as FunctionAccess).schedulesReports) {
        this.reportSchedules.allowScheduling(fn);
      }
    }
    portal?.deploy({
      apiUrl: this.peopleApi.api.apiEndpoint,
      issuer: this.peopleApi.issuer,
      clientId: this.peopleApi.portalClientId ?? '',
      stateMachineArn: stateMachine.stateMachineArn,
    });
    // Only the outbox forwarder puts events on the bus: the handlers write them with their changes.
    new BusLockdown(this, 'BusLockdown', { bus: this.bus, publishers: [this.outbox.function] });

    const intakeList = Object.entries(this.intakes).map(
      ([detailType, intake]) =>
        [pascalCase(InboundHandlerFiles[detailType as InboundEvent]), intake] as const,
    );
    this.operations = new OperationsMonitoring(this, 'Operations', {
      alarmEmail: props.alarmEmail,
      deadLetterQueues: {
        ...Object.fromEntries(intakeList.map(([name, intake]) => [name, intake.deadLetterQueue])),
        MetricsRounds: this.metricsRounds.deadLetterQueue,
        ReportSchedules: this.reportSchedules.deadLetterQueue,
        Outbox: this.outbox.deadLetterQueue,
        SendFeedbackReply: this.replySending.deadLetterQueue,
      },
      stateMachine,
      functions: {
        ...Object.fromEntries(
          Object.entries(LifecycleHandlerFiles).map(([role, file]) => [
            pascalCase(file),
            lifecycleFunctions[role as keyof LifecycleFunctions],
          ]),
        ),
        ...Object.fromEntries(intakeList.map(([name, intake]) => [name, intake.handler])),
        ForwardEvents: this.outbox.function,
        CheckFeedbackSla: checkFeedbackSla,
        SendFeedbackReply: replySender,
        ...Object.fromEntries(
          Object.entries(this.peopleApi.functions).map(([routeKey, fn]) => [
            pascalCase(ApiRoutes[routeKey as ApiRouteKey]),
            fn,
          ]),
        ),
      },
      rules: {
        ...Object.fromEntries(intakeList.map(([name, intake]) => [name, intake.rule])),
        SendFeedbackReply: this.replySending.rule,
      },
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reports.bucket.bucketName });
    new CfnOutput(this, 'AssetsBucketName', { value: this.assets.bucket.bucketName });
  }
}

/** A `channelAccounts` entry, checked as the admin path checks a connect. */
function readBinding(entry: string | AccountBinding, local: boolean): AccountBinding {
  return typeof entry === 'string' ? parseAccountBinding(entry, { local }) : checkedBinding(entry, { local });
}

/** The inbound events whose handlers start executions. */
const executionStarters: readonly InboundEvent[] = [InboundEvent.SubmitPost, InboundEvent.RetryPost];

/** The construct id of a handler: its file name, `submit-post` → `SubmitPost`. */
function pascalCase(file: string): string {
  return file.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}
