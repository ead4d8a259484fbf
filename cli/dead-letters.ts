import type { SQSClient } from '@aws-sdk/client-sqs';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';

/** What a dead letter holds, as far as putting it back goes. */
export type DeadLetterContent =
  | {
      kind: 'event';
      source: string;
      detailType: string;
      detail: unknown;
      eventId?: string;
      /** The event as its function received it: handed back unchanged, its `id` included. */
      event: Record<string, unknown>;
      /** The function that could not handle it (Lambda's record, or EventBridge's `TARGET_ARN`). */
      functionArn?: string;
    }
  | { kind: 'manual'; reason: string };

/**
 * Reads a dead letter's body: an inbound event EventBridge could not deliver (the event
 * itself, its function in the `TARGET_ARN` message attribute), or Lambda's on-failure record of
 * an event it could not handle (the event as `requestPayload`, the function as
 * `requestContext.functionArn`). A metric round's payload or an outbox stream batch cannot be put back on
 * the bus: they are named for an operator (docs/operations.md).
 *
 * @example
 * ```ts
 * readDeadLetter('{"source":"my.cms","detail-type":"Submit Post","detail":{}}'); // { kind: 'event', ... }
 * ```
 */
export function readDeadLetter(
  body: string,
  attributes: Record<string, { StringValue?: string } | undefined> = {},
): DeadLetterContent {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { kind: 'manual', reason: 'the body is not JSON' };
  }
  if (parsed.DDBStreamBatchInfo) {
    return {
      kind: 'manual',
      reason: 'an outbox stream batch: put its events again from the table (runbook)',
    };
  }
  const event = (parsed.requestPayload ?? parsed) as Record<string, unknown>;
  if (typeof event['detail-type'] === 'string' && typeof event.source === 'string' && 'detail' in event) {
    const lambdaRecord = (parsed.requestContext as { functionArn?: unknown } | undefined)?.functionArn;
    const functionArn = typeof lambdaRecord === 'string' ? lambdaRecord : attributes.TARGET_ARN?.StringValue;
    return {
      kind: 'event',
      source: event.source,
      detailType: event['detail-type'],
      detail: event.detail,
      eventId: typeof event.id === 'string' ? event.id : undefined,
      event,
      functionArn: functionArn?.replace(/:\$LATEST$/, ''),
    };
  }
  return { kind: 'manual', reason: 'not an EventBridge event (a metric round: see the runbook)' };
}

/** The stack's dead-letter queues: every queue whose name says it is one. */
export async function listDeadLetterQueues(sqs: SQSClient): Promise<{ name: string; url: string }[]> {
  const queues: { name: string; url: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ NextToken: nextToken, MaxResults: 1000 }));
    for (const url of page.QueueUrls ?? []) {
      const name = url.split('/').pop() ?? url;
      if (/DeadLetterQueue/.test(name)) queues.push({ name, url });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return queues;
}
