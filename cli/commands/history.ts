import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { Command } from '../command.js';
import { fields, shortTime } from '../format.js';
import { requiredArg } from '../options.js';
import { renderTimeline, toTimeline } from '../timeline.js';

/** `brandflow history <execution>`: one execution's GetExecutionHistory as a timeline. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history <executionName|executionArn>',
  summary: "show one execution's history (GetExecutionHistory) as a readable timeline",
  options: {},
  examples: ['brandflow history spring-launch-r1'],
  async run({ args, connection }) {
    const given = requiredArg(args, 0, 'execution');
    const executionArn = given.startsWith('arn:')
      ? given
      : `${(await connection.stateMachineArn()).replace(':stateMachine:', ':execution:')}:${given}`;
    const execution = await connection.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await connection.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const timeline = toTimeline(events);
    return {
      data: {
        execution: {
          name: execution.name,
          executionArn,
          status: execution.status,
          startDate: execution.startDate?.toISOString(),
          stopDate: execution.stopDate?.toISOString(),
          error: execution.error,
          cause: execution.cause,
        },
        timeline,
      },
      text: [
        fields([
          ['execution', execution.name],
          ['status', execution.status],
          ['started', shortTime(execution.startDate)],
          ['stopped', execution.stopDate ? shortTime(execution.stopDate) : undefined],
          [
            'error',
            execution.error
              ? `${execution.error}${execution.cause ? `: ${execution.cause}` : ''}`
              : undefined,
          ],
        ]),
        '',
        renderTimeline(timeline),
      ].join('\n'),
    };
  },
};
