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

/** The alarms on a metric, by the resource its dimension names (`Ref` of a logical id). */
const alarmsOn = (metricName: string, dimension?: { name: string; ref: string }) =>
  alarms.filter(
    (alarm) =>
      alarm.MetricName === metricName &&
      (!dimension ||
        (alarm.Dimensions as { Name: string; Value: unknown }[] | undefined)?.some(
          (d) => d.Name === dimension.name && JSON.stringify(d.Value).includes(dimension.ref),
        )),
  );

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

  it('alarms on the errors and throttles of every function', () => {
    for (const functionId of Object.keys(resources('AWS::Lambda::Function'))) {
      if (!JSON.stringify(template.toJSON().Resources[functionId]).includes('brandflow:entry')) continue;
      // Act
      const errors = alarmsOn('Errors', { name: 'FunctionName', ref: functionId });
      const throttles = alarmsOn('Throttles', { name: 'FunctionName', ref: functionId });

      // Assess
      expect(errors, functionId).toHaveLength(1);
      expect(throttles, functionId).toHaveLength(1);
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
