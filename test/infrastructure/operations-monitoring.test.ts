import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BrandflowStack } from '../../infra/brandflow-stack.js';
import { AlarmThresholds } from '../../infra/constructs/operations-monitoring.js';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new BrandflowStack(app, 'Brandflow', { alarmEmail: 'ops@example.com' });
const template = Template.fromStack(stack);
const resources = (type: string) => template.findResources(type) as Record<string, Resource>;
const alarms = Object.values(resources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
const topicId = Object.keys(resources('AWS::SNS::Topic'))[0] as string;

interface AlarmMetric {
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
}

/** The metrics an alarm reads: its own, or each one its metric-math expression combines. */
const metricsOf = (alarm: Record<string, unknown>): AlarmMetric[] => [
  alarm as AlarmMetric,
  ...((alarm.Metrics as { MetricStat?: { Metric: AlarmMetric } }[] | undefined) ?? []).flatMap((m) =>
    m.MetricStat ? [m.MetricStat.Metric] : [],
  ),
];

/** The alarms on a metric, by the resource its dimension names (`Ref` of a logical id). */
const alarmsOn = (metricName: string, dimension?: { name: string; ref: string }) =>
  alarms.filter((alarm) =>
    metricsOf(alarm).some(
      (metric) =>
        metric.MetricName === metricName &&
        (!dimension ||
          metric.Dimensions?.some(
            (d) => d.Name === dimension.name && JSON.stringify(d.Value).includes(dimension.ref),
          )),
    ),
  );

interface DashboardWidget {
  properties: { title?: string; metrics?: unknown[][]; yAxis?: Record<string, unknown> };
}

/** The dashboard's widgets, its body's tokens (region, names) read as placeholders. */
function dashboardWidgets(): DashboardWidget[] {
  const body = Object.values(resources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody as
    | string
    | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return (JSON.parse(text) as { widgets: DashboardWidget[] }).widgets;
}

describe('telling someone', () => {
  it('notifies an encrypted, TLS-only topic with the email subscription of the stack setting', () => {
    // Act
    const [topic] = Object.values(resources('AWS::SNS::Topic'));
    const [subscription] = Object.values(resources('AWS::SNS::Subscription'));

    // Assess
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
    expect(JSON.stringify(resources('AWS::SNS::TopicPolicy'))).toContain('aws:SecureTransport');
  });

  it('alarms on the depth and the age of every dead-letter queue', () => {
    for (const queueId of Object.keys(resources('AWS::SQS::Queue'))) {
      // Act
      const depth = alarmsOn('ApproximateNumberOfMessagesVisible', { name: 'QueueName', ref: queueId });
      const age = alarmsOn('ApproximateAgeOfOldestMessage', { name: 'QueueName', ref: queueId });

      // Assess
      expect(depth, queueId).toHaveLength(1);
      expect(depth[0]).toMatchObject({ Threshold: 1, Statistic: 'Maximum' });
      expect(age[0], queueId).toMatchObject({ Threshold: AlarmThresholds.deadLetterAgeSeconds });
    }
  });

  it('alarms on failed and timed-out executions of the lifecycle', () => {
    // Act
    const failed = alarmsOn('ExecutionsFailed');
    const timedOut = alarmsOn('ExecutionsTimedOut');

    // Assess
    expect(failed).toHaveLength(1);
    expect(timedOut).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Namespace: 'AWS/States', Threshold: 1 });
  });

  it('alarms on the errors of every function, and on its throttles in a group of at most ten', () => {
    for (const functionId of Object.keys(resources('AWS::Lambda::Function'))) {
      if (!JSON.stringify(template.toJSON().Resources[functionId]).includes('brandflow:entry')) continue;
      // Act
      const errors = alarmsOn('Errors', { name: 'FunctionName', ref: functionId });
      const throttles = alarmsOn('Throttles', { name: 'FunctionName', ref: functionId });

      // Assess
      expect(errors, functionId).toHaveLength(1);
      expect(throttles, functionId).toHaveLength(1);
      expect(((throttles[0]?.Metrics ?? []) as unknown[]).length, functionId).toBeLessThanOrEqual(11);
    }
  });

  it('alarms on failed invocations of every rule and on Scheduler target errors', () => {
    for (const ruleId of Object.keys(resources('AWS::Events::Rule'))) {
      // Act
      const failed = alarmsOn('FailedInvocations', { name: 'RuleName', ref: ruleId });

      // Assess
      expect(failed, ruleId).toHaveLength(1);
    }
    expect(alarmsOn('TargetErrorCount')[0]).toMatchObject({ Namespace: 'AWS/Scheduler', Threshold: 1 });
  });

  it('alarms on the publish failure rate and on accounts needing reconnection, from the forwarder metrics', () => {
    // Act
    const rate = alarms.find((alarm) => JSON.stringify(alarm.Metrics ?? []).includes('ChannelPublishFailed'));
    const reconnect = alarmsOn('ChannelNeedsReconnect');

    // Assess
    expect(rate).toMatchObject({ Threshold: AlarmThresholds.publishFailureRate });
    expect(JSON.stringify(rate?.Metrics)).toContain('ChannelPublished');
    expect(reconnect[0]).toMatchObject({ Namespace: 'Brandflow', Threshold: 1 });
  });

  it('sends every alarm and its recovery to the topic', () => {
    for (const alarm of alarms) {
      // Assess
      expect(alarm.AlarmActions, String(alarm.AlarmDescription)).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.AlarmDescription).toMatch(/Runbook: docs\/operations\.md#[a-z-]+$/);
    }
  });

  it('shows review time p50/p95 and publish success as a ratio per channel, both by metric math', () => {
    // Act
    const widgets = dashboardWidgets();
    const review = widgets.find((w) => w.properties.title?.startsWith('Review time'));
    const success = widgets.find((w) => w.properties.title?.startsWith('Publish success per channel'));

    // Assess: each percentile of ReviewTime, turned into minutes by an expression.
    const reviewMetrics = review?.properties.metrics ?? [];
    const expressions = reviewMetrics.map((m) => (m.at(-1) as { expression?: string; id?: string }) ?? {});
    expect(
      expressions
        .map((e) => e.expression)
        .filter(Boolean)
        .sort(),
    ).toEqual(['p50Review / 60000', 'p95Review / 60000']);
    const sources = reviewMetrics.filter((m) => m.includes('ReviewTime'));
    expect(sources.map((m) => (m.at(-1) as { stat?: string }).stat).sort()).toEqual(['p50', 'p95']);
    expect(sources.every((m) => (m.at(-1) as { visible?: boolean }).visible === false)).toBe(true);
    // Per channel: the Average of 1 (published) and 0 (failed), found by SEARCH, as a percentage.
    const successExpressions = (success?.properties.metrics ?? []).map(
      (m) => (m.at(-1) as { expression?: string }).expression,
    );
    expect(successExpressions).toContain(
      `100 * SEARCH('{Brandflow,Channel} MetricName="ChannelPublishSuccess"', 'Average', 3600)`,
    );
    expect(successExpressions).toContain('100 * FILL(published, 0) / (FILL(published, 0) + FILL(failed, 0))');
    expect(success?.properties.yAxis).toMatchObject({ left: { min: 0, max: 100 } });
  });

  it('gives admins a dashboard of status, publications per channel, lateness p50/p95 and metric rounds', () => {
    // Act
    const body = JSON.stringify(
      Object.values(resources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody,
    );

    // Assess
    for (const widget of [
      'PostStatusEntered',
      'ChannelPublished',
      'ChannelPublishFailed',
      'PublishLateness',
      'MetricsRoundCollected',
      'p95',
    ]) {
      expect(body).toContain(widget);
    }
  });
});
