import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../functions/domain/events.js';
import { type FunctionAccess, FunctionAccessByRole } from '../core/function-access.js';
import { deadLetterQueue, eventSourceDeadLetters } from './dead-letter-queue.js';
import { HandlerFunction } from './handler-function.js';

export interface OutboxForwardingProps {
  /** The table whose new items carry the outbox; its stream must hold new images. */
  table: dynamodb.ITable;
  bus: events.IEventBus;
  /** Encrypts the forwarder's log group and its dead-letter queue. */
  key: kms.IKey;
  /** More environment for the forwarder (the local profile's, in the local run). @default {} */
  environment?: Record<string, string>;
  sourceMapStackTraces?: boolean;
}

/** Every detail type a handler writes to the outbox: all the forwarder may put. */
export function outboxDetailTypes(): string[] {
  const all = Object.values(FunctionAccessByRole as Record<string, FunctionAccess>).flatMap((a) => a.emits);
  return [...new Set(all)].sort();
}

/** The stream batch a forwarder invocation takes, and how often a failing batch is retried. */
export const OutboxStreamSettings = {
  batchSize: 100,
  maxBatchingWindowSeconds: 0,
  retryAttempts: 10,
  bisectBatchOnError: true,
} as const;

/**
 * Delivers the transactional outbox: the table's stream invokes ForwardEvents with every new
 * item, and it puts the item's events on the bus. The function may read the stream and put
 * events of source `brandflow`, of the detail types handlers write, on this bus, nothing else. A batch still failing after the
 * retries goes to the dead-letter queue (its shard and sequence numbers: the stream keeps
 * the records 24 hours, docs/operations.md).
 *
 * @example
 * ```ts
 * new OutboxForwarding(this, 'Outbox', { table, bus });
 * ```
 */
export class OutboxForwarding extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OutboxForwardingProps) {
    super(scope, id);
    this.function = new HandlerFunction(this, 'ForwardEvents', {
      file: 'forward-events',
      role: 'forwardEvents',
      environment: { ...props.environment, EVENT_BUS_NAME: props.bus.eventBusName },
      logKey: props.key,
      sourceMapStackTraces: props.sourceMapStackTraces,
    }).function;
    this.deadLetterQueue = deadLetterQueue(this, 'the outbox stream', props.key);

    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: OutboxStreamSettings.batchSize,
        maxBatchingWindow: Duration.seconds(OutboxStreamSettings.maxBatchingWindowSeconds),
        retryAttempts: OutboxStreamSettings.retryAttempts,
        bisectBatchOnError: OutboxStreamSettings.bisectBatchOnError,
        reportBatchItemFailures: true,
        onFailure: eventSourceDeadLetters(this.deadLetterQueue, props.key),
        // Only new items can carry an outbox: updates and TTL deletions never invoke the function.
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [props.bus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': outboxDetailTypes() },
        },
      }),
    );
    // Sending to the encrypted dead-letter queue: SqsDlq grants the queue's key as SQS needs it.
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'The on-failure destination sends to the dead-letter queue encrypted with the application key; the queue grant names only that key.',
      });
    }
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams (granted with the stream read) supports no resource-level permissions.',
    });
  }
}
