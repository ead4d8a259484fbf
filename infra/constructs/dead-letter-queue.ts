import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * An encrypted, TLS-only queue that keeps undeliverable events for 14 days, for an operator
 * to look at. `of` names what it is the dead-letter queue of (the cdk-nag acknowledgement).
 *
 * @example
 * ```ts
 * const queue = deadLetterQueue(this, 'the rule target');
 * ```
 */
export function deadLetterQueue(scope: Construct, of: string): sqs.Queue {
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of ${of}; nothing consumes it automatically.`,
  });
  return queue;
}
