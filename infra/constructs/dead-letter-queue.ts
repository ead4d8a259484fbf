import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a dead-letter queue keeps a message: the SQS maximum, for an operator to look at. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * A TLS-only queue encrypted with Brandflow's key that keeps undeliverable events for 14 days,
 * for an operator to look at. `of` names what it is the dead-letter queue of (the cdk-nag
 * acknowledgement).
 *
 * @example
 * ```ts
 * const queue = deadLetterQueue(this, 'the rule target', key);
 * ```
 */
export function deadLetterQueue(scope: Construct, of: string, key: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of ${of}; nothing consumes it automatically.`,
  });
  return queue;
}

/**
 * Lets `grantee` put messages on an encrypted dead-letter queue: SendMessage on the queue and
 * the key only through SQS, exactly what sending needs (CDK's own grant adds reads and key
 * wildcards the senders never use).
 *
 * @example
 * ```ts
 * grantSendToDeadLetters(schedulerRole, queue, key);
 * ```
 */
export function grantSendToDeadLetters(grantee: iam.IGrantable, queue: sqs.IQueue, key: kms.IKey): void {
  const stack = Stack.of(queue);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.${stack.urlSuffix}` } },
    }),
  );
}

/**
 * The on-failure destination of a function's asynchronous invocations: Lambda sends the failed
 * event to `queue` with the function's role, granted by {@link grantSendToDeadLetters}.
 *
 * @example
 * ```ts
 * fn.configureAsyncInvoke({ onFailure: deadLetterDestination(queue, key), retryAttempts: 2 });
 * ```
 */
export function deadLetterDestination(queue: sqs.IQueue, key: kms.IKey): lambda.IDestination {
  return {
    bind: (_scope, fn) => {
      grantSendToDeadLetters(fn, queue, key);
      return { destination: queue.queueArn };
    },
  };
}

/**
 * The on-failure destination of an event source mapping (a stream batch that still fails after
 * its retries): Lambda sends the batch's record to `queue` with the function's role, granted by
 * {@link grantSendToDeadLetters} (CDK's `SqsDlq` grants key wildcards sending never uses).
 *
 * @example
 * ```ts
 * new DynamoEventSource(table, { startingPosition, onFailure: eventSourceDeadLetters(queue, key) });
 * ```
 */
export function eventSourceDeadLetters(queue: sqs.IQueue, key: kms.IKey): lambda.IEventSourceDlq {
  return {
    bind: (_target, fn) => {
      grantSendToDeadLetters(fn, queue, key);
      return { destination: queue.queueArn };
    },
  };
}
