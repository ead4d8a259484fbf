import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Command } from '../command.js';
import { listDeadLetterQueues, readDeadLetter } from '../dead-letters.js';
import { table } from '../format.js';
import { stringFlag } from '../options.js';

/** Long enough to put one batch back before another redrive could see the same messages. */
const VISIBILITY_SECONDS = 60;

interface Outcome {
  queue: string;
  messageId: string;
  detailType?: string;
  eventId?: string;
  outcome: 'redriven' | 'would-redrive' | 'left';
  reason?: string;
}

/**
 * `brandflow redrive`: hands every dead-lettered inbound event back to the function that could
 * not handle it, unchanged. PutEvents would give the event a new id; handed back, it keeps
 * its own, so a handler that did run it answers with its first outcome (inbound events are
 * deduplicated by id) and an event redriven twice is handled once.
 */
export const redriveCommand: Command = {
  name: 'redrive',
  usage: 'redrive [--queue <name>] [--dry-run]',
  summary: 'hand dead-lettered inbound events back to their function (same event id), then delete them',
  options: { queue: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  optionsHelp: `  --queue <name>         only this dead-letter queue (default: all of the stack's)
  --dry-run              list what would be put back; change nothing`,
  examples: ['brandflow redrive --dry-run', 'brandflow redrive --queue SubmitPostIntakeDeadLetterQueue'],
  async run({ args, connection }) {
    const only = stringFlag(args, 'queue');
    const dryRun = args.values['dry-run'] === true;
    const queues = (await listDeadLetterQueues(connection.sqs)).filter((q) => !only || q.name.includes(only));
    const outcomes: Outcome[] = [];
    for (const queue of queues) {
      const seen = new Set<string>();
      for (;;) {
        // A dry run hides nothing; a redrive hides what it handles, so a concurrent one skips it.
        const { Messages = [] } = await connection.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            VisibilityTimeout: dryRun ? 0 : VISIBILITY_SECONDS,
          }),
        );
        const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.MessageId as string);
          const content = readDeadLetter(message.Body ?? '', message.MessageAttributes);
          const base = { queue: queue.name, messageId: message.MessageId as string };
          if (content.kind === 'manual') {
            outcomes.push({ ...base, outcome: 'left', reason: content.reason });
            continue;
          }
          const described = { ...base, detailType: content.detailType, eventId: content.eventId };
          if (!content.functionArn) {
            outcomes.push({
              ...described,
              outcome: 'left',
              reason: 'the message names no function to hand it to',
            });
            continue;
          }
          if (dryRun) {
            outcomes.push({ ...described, outcome: 'would-redrive' });
            continue;
          }
          // The same event, id included: a handler that ran it once answers with its first outcome.
          const invoked = await connection.lambda.send(
            new InvokeCommand({
              FunctionName: content.functionArn,
              InvocationType: 'RequestResponse',
              Payload: new TextEncoder().encode(JSON.stringify(content.event)),
            }),
          );
          if (invoked.FunctionError) {
            const answer = JSON.parse(new TextDecoder().decode(invoked.Payload ?? new Uint8Array())) as {
              errorType?: string;
            } | null;
            outcomes.push({
              ...described,
              outcome: 'left',
              reason: `the function failed again (${answer?.errorType ?? invoked.FunctionError}): see its error log line`,
            });
            continue;
          }
          await connection.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }),
          );
          outcomes.push({ ...described, outcome: 'redriven' });
        }
      }
    }
    return {
      data: { dryRun, outcomes },
      text: outcomes.length
        ? table(
            ['queue', 'message', 'detail-type', 'outcome', 'reason'],
            outcomes.map((o) => [o.queue, o.messageId, o.detailType ?? '', o.outcome, o.reason ?? '']),
          )
        : 'No dead letter to put back.',
    };
  },
};
