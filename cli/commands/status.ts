import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { OutboundEvent } from '../../functions/domain/events.js';
import type { Command } from '../command.js';
import { listDeadLetterQueues } from '../dead-letters.js';
import { table } from '../format.js';

/** `brandflow status`: the health signals the alarms watch, read from the stack. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'dead letters per queue, failed executions, channels needing reconnection',
  examples: ['brandflow status', 'brandflow status --json'],
  async run({ connection }) {
    const queues = await Promise.all(
      (await listDeadLetterQueues(connection.sqs)).map(async (queue) => {
        const { Attributes = {} } = await connection.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const count = (name: string) => Number((Attributes as Record<string, string>)[name] ?? 0);
        return {
          queue: queue.name,
          deadLetters: count('ApproximateNumberOfMessages') + count('ApproximateNumberOfMessagesNotVisible'),
        };
      }),
    );
    const stateMachineArn = await connection.stateMachineArn();
    const failedExecutions: string[] = [];
    for (const statusFilter of ['FAILED', 'TIMED_OUT'] as const) {
      let nextToken: string | undefined;
      do {
        const page = await connection.sfn.send(
          new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: 100, nextToken }),
        );
        failedExecutions.push(...(page.executions ?? []).map((e) => `${e.name} (${statusFilter})`));
        nextToken = page.nextToken;
      } while (nextToken);
    }
    const reconnects = await (await connection.records()).listStandaloneEvents(
      OutboundEvent.ChannelNeedsReconnect,
    );
    const channels = [...new Set(reconnects.map((e) => String(e.detail.account ?? e.detail.channel)))].sort();
    const data = { queues, failedExecutions, channelsNeedingReconnection: channels };
    const waiting = queues.filter((q) => q.deadLetters > 0);
    return {
      data,
      text: [
        waiting.length
          ? table(
              ['dead-letter queue', 'messages'],
              waiting.map((q) => [q.queue, String(q.deadLetters)]),
            )
          : `No dead letter in ${queues.length} queues.`,
        failedExecutions.length
          ? `Failed executions: ${failedExecutions.join(', ')}`
          : 'No failed execution.',
        channels.length
          ? `Channels needing reconnection: ${channels.join(', ')}`
          : 'No channel needs reconnection.',
      ].join('\n'),
    };
  },
};
