import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OperationalMetrics } from '../../functions/domain/operational-metrics.js';

export interface OperationsMonitoringProps {
  /** Who is told: an email subscription to the topic. @default none (subscribe later) */
  alarmEmail?: string;
  /** Dead-letter queues by a readable name. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  stateMachine: sfn.IStateMachine;
  /** Every function, by a readable name. */
  functions: Record<string, lambda.IFunction>;
  /** Every rule delivering to a target, by a readable name. */
  rules: Record<string, events.IRule>;
  /** The channels on the dashboard's success-rate widget. @default none */
  channels?: readonly string[];
}

/** The thresholds the alarms use (docs/operations.md explains each). */
/** The most metrics one metric-math alarm may read. */
const METRICS_PER_ALARM = 10;

export const AlarmThresholds = {
  /** A dead letter waiting longer than this is about to be forgotten (queues keep 14 days). */
  deadLetterAgeSeconds: 24 * 3600,
  /** Share of channel publications failing in an hour. */
  publishFailureRate: 0.2,
} as const;

/**
 * Tells someone: an encrypted notification topic (an email subscription as a stack setting),
 * an alarm on every signal an operator must act on, and a dashboard for admins. Every alarm
 * notifies the topic when it fires and when it recovers.
 *
 * @example
 * ```ts
 * new OperationsMonitoring(this, 'Operations', { alarmEmail: 'ops@example.com', deadLetterQueues, stateMachine, functions, rules });
 * ```
 */
export class OperationsMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsMonitoringProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts Brandflow operator notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to an encrypted topic only with use of its key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Brandflow operations',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const five = Duration.minutes(5);
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(
        `${name}DeadLetters`,
        'dead-letters',
        `Dead letters waiting in ${name}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }),
        1,
      );
    }
    this.groupAlarms(
      'DeadLetterAge',
      'dead-letter-age',
      (names) => `The oldest dead letter in one of ${names.join(', ')} waits for more than a day`,
      Object.entries(props.deadLetterQueues).map(([name, queue]) => [
        name,
        queue.metricApproximateAgeOfOldestMessage({ period: five, statistic: 'Maximum' }),
      ]),
      'MAX',
      AlarmThresholds.deadLetterAgeSeconds,
    );
    this.alarm(
      'ExecutionsFailed',
      'executions-failed',
      'A post lifecycle execution failed',
      props.stateMachine.metricFailed({ period: five }),
      1,
    );
    this.alarm(
      'ExecutionsTimedOut',
      'executions-timed-out',
      'A post lifecycle execution timed out',
      props.stateMachine.metricTimedOut({ period: five }),
      1,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, 'lambda-errors', `${name} failed`, fn.metricErrors({ period: five }), 1);
    }
    this.groupAlarms(
      'Throttles',
      'lambda-throttles',
      (names) => `One of ${names.join(', ')} was throttled`,
      Object.entries(props.functions).map(([name, fn]) => [name, fn.metricThrottles({ period: five })]),
      'SUM',
      1,
    );
    for (const [name, rule] of Object.entries(props.rules)) {
      this.alarm(
        `${name}FailedInvocations`,
        'rule-failed-invocations',
        `The ${name} rule could not invoke its target`,
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { RuleName: rule.ruleName },
          period: five,
          statistic: 'Sum',
        }),
        1,
      );
    }
    this.alarm(
      'SchedulerTargetErrors',
      'scheduler-target-errors',
      'EventBridge Scheduler could not invoke a metric round',
      new cloudwatch.Metric({
        namespace: 'AWS/Scheduler',
        metricName: 'TargetErrorCount',
        period: five,
        statistic: 'Sum',
      }),
      1,
    );
    const channelMetric = (metricName: string) =>
      new cloudwatch.MathExpression({
        expression: `SUM(SEARCH('{${OperationalMetrics.namespace},Channel} MetricName="${metricName}"', 'Sum', 3600))`,
        label: metricName,
        period: Duration.hours(1),
      });
    const published = new cloudwatch.Metric({
      namespace: OperationalMetrics.namespace,
      metricName: OperationalMetrics.channelPublished,
      period: Duration.hours(1),
      statistic: 'SampleCount',
    });
    const failed = new cloudwatch.Metric({
      namespace: OperationalMetrics.namespace,
      metricName: OperationalMetrics.channelPublishFailed,
      period: Duration.hours(1),
      statistic: 'SampleCount',
    });
    this.alarm(
      'PublishFailureRate',
      'publish-failure-rate',
      'More than a fifth of channel publications failed in the last hour',
      new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) / (FILL(failed, 0) + FILL(published, 0) + 0.000001)',
        usingMetrics: { failed, published },
        label: 'Publish failure rate',
        period: Duration.hours(1),
      }),
      AlarmThresholds.publishFailureRate,
    );
    this.alarm(
      'AccountsNeedReconnection',
      'accounts-need-reconnection',
      'A channel account refused its credentials and must be connected again',
      new cloudwatch.Metric({
        namespace: OperationalMetrics.namespace,
        metricName: OperationalMetrics.channelNeedsReconnect,
        period: five,
        statistic: 'Sum',
      }),
      1,
    );

    const metric = (metricName: string, statistic: string, dimensionsMap?: Record<string, string>) =>
      new cloudwatch.Metric({
        namespace: OperationalMetrics.namespace,
        metricName,
        statistic,
        dimensionsMap,
        period: Duration.hours(1),
      });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Posts by status (entered per hour)',
            left: [
              new cloudwatch.MathExpression({
                expression: `SEARCH('{${OperationalMetrics.namespace},Status} MetricName="${OperationalMetrics.postStatusEntered}"', 'Sum', 3600)`,
                label: '',
                period: Duration.hours(1),
              }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Channel publications: published and failed per channel',
            left: [
              channelMetric(OperationalMetrics.channelPublished),
              channelMetric(OperationalMetrics.channelPublishFailed),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Publish lateness against the scheduled time (p50, p95)',
            left: [
              metric(OperationalMetrics.publishLateness, 'p50'),
              metric(OperationalMetrics.publishLateness, 'p95'),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Metric rounds collected',
            left: [metric(OperationalMetrics.metricsRoundCollected, 'Sum')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Review time, from the start of review to the decision (p50, p95, minutes)',
            left: ['p50', 'p95'].map(
              (statistic) =>
                new cloudwatch.MathExpression({
                  expression: `${statistic}Review / 60000`,
                  usingMetrics: { [`${statistic}Review`]: metric(OperationalMetrics.reviewTime, statistic) },
                  label: `Review time ${statistic}`,
                  period: Duration.hours(1),
                }),
            ),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Publish success per channel (% of channel publications that published)',
            left: [
              // The Average of 1 (published) and 0 (failed) per channel is its success ratio.
              new cloudwatch.MathExpression({
                expression: `100 * SEARCH('{${OperationalMetrics.namespace},Channel} MetricName="${OperationalMetrics.channelPublishSuccess}"', 'Average', 3600)`,
                label: '',
                period: Duration.hours(1),
              }),
              new cloudwatch.MathExpression({
                expression: '100 * FILL(published, 0) / (FILL(published, 0) + FILL(failed, 0))',
                usingMetrics: { published, failed },
                label: 'All channels',
                period: Duration.hours(1),
              }),
            ],
            leftYAxis: { min: 0, max: 100 },
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }

  /**
   * One alarm per group of up to ten metrics (the most a metric-math alarm takes), combined by
   * `SUM` or `MAX`: a stack holds at most 500 resources, and one alarm per function and queue
   * for rare conditions would spend a fifth of them. The description names every member.
   */
  private groupAlarms(
    id: string,
    runbook: string,
    description: (names: string[]) => string,
    members: [string, cloudwatch.IMetric][],
    combine: 'SUM' | 'MAX',
    threshold: number,
  ): void {
    for (let start = 0; start < members.length; start += METRICS_PER_ALARM) {
      const group = members.slice(start, start + METRICS_PER_ALARM);
      const usingMetrics = Object.fromEntries(group.map(([, metric], index) => [`m${index}`, metric]));
      this.alarm(
        `${id}${start / METRICS_PER_ALARM + 1}`,
        runbook,
        description(group.map(([name]) => name)),
        new cloudwatch.MathExpression({
          expression: `${combine}([${Object.keys(usingMetrics).join(', ')}])`,
          usingMetrics,
          period: Duration.minutes(5),
        }),
        threshold,
      );
    }
  }

  private alarm(
    id: string,
    runbook: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold: number,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `${description}. Runbook: docs/operations.md#${runbook}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
