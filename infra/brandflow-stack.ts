import { type CfnElement, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { InboundEvent } from '../functions/domain/events.js';
import type { LifecycleFunctions } from '../workflows/post-lifecycle.js';
import { ChannelSecrets } from './constructs/channel-secrets.js';
import { DataTable } from './constructs/data-table.js';
import { EventContractRegistry } from './constructs/event-contract-registry.js';
import { EventIntake } from './constructs/event-intake.js';
import { HandlerFunction } from './constructs/handler-function.js';
import { LifecycleStateMachine } from './constructs/lifecycle-state-machine.js';
import { MetricsRoundScheduling } from './constructs/metrics-round-scheduling.js';
import { ReportStorage } from './constructs/report-storage.js';
import { InboundHandlerFiles, LifecycleHandlerFiles } from './handler-catalog.js';
import { parseMetricsScheduleHours } from './stack-settings.js';

export interface BrandflowStackProps extends StackProps {
  /** Name of the custom bus integrators send to and subscribe on. @default 'brandflow' */
  eventBusName?: string;
  /** Hours after publication at which metrics are collected. @default [1, 24, 72] */
  metricsScheduleHours?: number[];
  /** Connected social accounts: one Secrets Manager secret each (docs/channels.md). @default [] */
  channelAccounts?: string[];
  /** AWS accounts allowed to put the inbound events on the bus (docs/events.md). @default [] */
  integratorAccounts?: string[];
  /** Readable stack traces in the functions' logs, at a cold-start cost (HandlerFunctionProps). @default false */
  sourceMapStackTraces?: boolean;
}

export const DEFAULT_EVENT_BUS_NAME = 'brandflow';
export const DEFAULT_METRICS_SCHEDULE_HOURS: readonly number[] = [1, 24, 72];

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
  readonly channelSecrets: ChannelSecrets;
  readonly metricsRounds: MetricsRoundScheduling;
  readonly reports: ReportStorage;

  constructor(scope: Construct, id: string, props: BrandflowStackProps = {}) {
    super(scope, id, props);
    const metricsScheduleHours = parseMetricsScheduleHours(
      props.metricsScheduleHours ?? DEFAULT_METRICS_SCHEDULE_HOURS,
    );

    this.data = new DataTable(this, 'Data');
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? DEFAULT_EVENT_BUS_NAME,
    });
    new EventContractRegistry(this, 'EventContract', {
      bus: this.bus,
      integratorAccounts: props.integratorAccounts ?? [],
    });
    const baseEnvironment = { TABLE_NAME: this.data.table.tableName, EVENT_BUS_NAME: this.bus.eventBusName };

    const tableLogicalId = this.resolve(this.getLogicalId(this.data.table.node.defaultChild as CfnElement));
    const tableGrantFindings = [
      {
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason:
          'Read/write on the table includes its indexes (the calendar GSI); no other table is reachable.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Granted by grantReadWriteData on the table key only; DynamoDB needs it to use the key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Granted by grantReadWriteData on the table key only; DynamoDB needs it to use the key.',
      },
    ];

    const handler = (file: string, role: string, environment: Record<string, string> = {}) => {
      const construct = new HandlerFunction(this, pascalCase(file), {
        file,
        role,
        environment: { ...baseEnvironment, ...environment },
        sourceMapStackTraces: props.sourceMapStackTraces,
      });
      this.data.table.grantReadWriteData(construct.function);
      this.bus.grantPutEventsTo(construct.function);
      Validations.of(construct).acknowledge(...tableGrantFindings);
      return construct.function;
    };

    this.channelSecrets = new ChannelSecrets(this, 'ChannelSecrets', {
      accounts: props.channelAccounts ?? [],
    });
    // Only the steps that call the platforms read (and refresh) channel credentials.
    const channelRoles: string[] = ['publishToChannel', 'collectMetrics'];

    this.metricsRounds = new MetricsRoundScheduling(this, 'MetricsRounds');
    const lifecycleFunctions = {} as Record<keyof LifecycleFunctions, HandlerFunction['function']>;
    for (const [role, file] of Object.entries(LifecycleHandlerFiles) as [
      keyof LifecycleFunctions,
      string,
    ][]) {
      const environment: Record<string, string> =
        role === 'recordPublication' ? { METRICS_SCHEDULE_HOURS: metricsScheduleHours.join(',') } : {};
      if (channelRoles.includes(role)) environment.CHANNEL_SECRET_PREFIX = this.channelSecrets.prefix;
      // Both create round schedules: the rounds themselves, and a rate-limited round's retry.
      if (role === 'collectMetrics') Object.assign(environment, this.metricsRounds.environment());
      if (role === 'scheduleMetricsRounds') {
        Object.assign(environment, this.metricsRounds.environment(lifecycleFunctions.collectMetrics));
      }
      lifecycleFunctions[role] = handler(file, role, environment);
      if (channelRoles.includes(role)) this.channelSecrets.grantReadWrite(lifecycleFunctions[role]);
    }
    this.lifecycleFunctions = lifecycleFunctions;
    this.lifecycle = new LifecycleStateMachine(this, 'Lifecycle', lifecycleFunctions);
    const { stateMachine } = this.lifecycle;
    this.metricsRounds.allowScheduling(lifecycleFunctions.scheduleMetricsRounds);
    this.metricsRounds.allowScheduling(lifecycleFunctions.collectMetrics);
    this.metricsRounds.allowInvoking(lifecycleFunctions.collectMetrics);
    this.metricsRounds.allowClosingWait(lifecycleFunctions.collectMetrics, stateMachine);

    this.reports = new ReportStorage(this, 'Reports');
    const intakes: Partial<Record<InboundEvent, EventIntake>> = {};
    for (const detailType of Object.values(InboundEvent)) {
      const file = InboundHandlerFiles[detailType];
      // Only a submission starts executions; the machine never calls these handlers, so no cycle.
      const environment: Record<string, string> =
        detailType === InboundEvent.SubmitPost ? { STATE_MACHINE_ARN: stateMachine.stateMachineArn } : {};
      if (detailType === InboundEvent.GenerateReport) Object.assign(environment, this.reports.environment());
      const fn = handler(file, detailType, environment);
      if (detailType === InboundEvent.SubmitPost) stateMachine.grantStartExecution(fn);
      if (detailType === InboundEvent.GenerateReport) this.reports.allowWriting(fn);
      // Each inbound handler may end a waiting review: approval, rejection, an edit or a cancellation.
      stateMachine.grantTaskResponse(fn);
      intakes[detailType] = new EventIntake(this, `${pascalCase(file)}Intake`, {
        bus: this.bus,
        detailType,
        handler: fn,
      });
    }
    this.intakes = intakes as Record<InboundEvent, EventIntake>;

    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'ReportsBucketName', { value: this.reports.bucket.bucketName });
  }
}

/** The construct id of a handler: its file name, `submit-post` → `SubmitPost`. */
function pascalCase(file: string): string {
  return file.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}
