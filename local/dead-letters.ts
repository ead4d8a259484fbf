import { randomUUID } from 'node:crypto';
import type { LocalFunction } from './core/template.js';
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

  /**
   * Lambda, after the last attempt at an asynchronous invocation, sends the invocation record
   * to the function's on-failure destination. Returns that queue, or undefined when the
   * function has none and AWS would lose the event.
   */
  addLambdaFailure(fn: LocalFunction, event: unknown, error: unknown, attempts: number): string | undefined {
    const queue = fn.asyncInvoke?.onFailure;
    if (!queue) return undefined;
    const failure = error instanceof Error ? error : new Error(String(error));
    this.add({
      queueArn: queue,
      source: 'lambda',
      body: JSON.stringify(lambdaOnFailureRecord(fn, event, failure, attempts)),
      attributes: {},
    });
    return queue;
  }

  /** The messages sent to one queue, oldest first. */
  inQueue(queueArn: string): LocalDeadLetter[] {
    return this.all.filter((letter) => letter.queueArn === queueArn);
  }
}

/** The record Lambda sends to an on-failure destination (`requestContext.condition: 'RetriesExhausted'`). */
function lambdaOnFailureRecord(fn: LocalFunction, event: unknown, error: Error, attempts: number) {
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
