import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
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

/** `brandflow redrive`: puts dead-lettered inbound events back on the bus. */
export const redriveCommand: Command = {
  name: 'redrive',
  usage: 'redrive [--queue <name>] [--dry-run]',
  summary: 'put dead-lettered inbound events back on the bus, then delete them from their queue',
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
            VisibilityTimeout: dryRun ? 0 : VISIBILITY_SECONDS,
          }),
        );
        const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.MessageId as string);
          const content = readDeadLetter(message.Body ?? '');
          const base = { queue: queue.name, messageId: message.MessageId as string };
          if (content.kind === 'manual') {
            outcomes.push({ ...base, outcome: 'left', reason: content.reason });
            continue;
          }
          const described = { ...base, detailType: content.detailType, eventId: content.eventId };
          if (dryRun) {
            outcomes.push({ ...described, outcome: 'would-redrive' });
            continue;
          }
          // Inbound handlers are idempotent: an event that did run once changes nothing again.
          const put = await connection.events.send(
            new PutEventsCommand({
              Entries: [
                {
                  EventBusName: connection.target.eventBusName,
                  Source: content.source,
                  DetailType: content.detailType,
                  Detail: JSON.stringify(content.detail),
                },
              ],
            }),
          );
          if (put.FailedEntryCount) {
            outcomes.push({
              ...described,
              outcome: 'left',
              reason: put.Entries?.[0]?.ErrorMessage ?? 'refused',
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
