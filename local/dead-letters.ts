import { randomUUID } from 'node:crypto';
import type { LocalFunction } from './template.js';
import type { LocalDeadLetter } from './types.js';

/**
 * Where the twin keeps what AWS would move to an SQS dead-letter queue or an on-failure
 * destination: an event or a schedule's payload that could not be handled after every retry.
 * Nothing reads these queues automatically on AWS either; here they are kept in memory,
 * in order, so a test or an operator can see what would be waiting there.
 *
 * @example
 * ```ts
 * const deadLetters = new DeadLetters();
 * deadLetters.add({ queueArn, source: 'scheduler', body: '{"postId":"p-1"}', attributes: { ERROR_CODE: 'Error' } });
 * deadLetters.inQueue(queueArn).length; // 1
 * ```
 */
export class DeadLetters {
  readonly all: LocalDeadLetter[] = [];

  /** Records one message; returns it with the time it arrived (local clock). */
  add(message: Omit<LocalDeadLetter, 'sentAt'>): LocalDeadLetter {
    const letter: LocalDeadLetter = { ...message, sentAt: new Date().toISOString() };
    this.all.push(letter);
    return letter;
  }

  /** The messages sent to one queue, oldest first. */
  inQueue(queueArn: string): LocalDeadLetter[] {
    return this.all.filter((letter) => letter.queueArn === queueArn);
  }
}

/**
 * The record Lambda sends to an on-failure destination once an asynchronous invocation has
 * failed its last attempt.
 *
 * @example
 * ```ts
 * lambdaOnFailureRecord(fn, { postId: 'p-1' }, error, 3).requestContext.condition; // 'RetriesExhausted'
 * ```
 */
export function lambdaOnFailureRecord(fn: LocalFunction, event: unknown, error: Error, attempts: number) {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: `${fn.arn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: error.name, errorMessage: error.message },
  };
}
