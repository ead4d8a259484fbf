import { type ExecutionListItem, type ExecutionStatus, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { InvalidInputError } from '../../functions/domain/errors.js';
import type { Command } from '../command.js';
import { shortTime, table } from '../format.js';
import { stringFlag } from '../options.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** `brandflow executions`: the PostLifecycle executions, newest first. */
export const executionsCommand: Command = {
  name: 'executions',
  usage: 'executions [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED] [--post <postId>] [--limit <n>]',
  summary: 'list PostLifecycle executions (one per post revision: <postId>-r<revision>)',
  options: { status: { type: 'string' }, post: { type: 'string' }, limit: { type: 'string' } },
  optionsHelp: `  --status <status>      only executions in this status
  --post <postId>        only this post's executions
  --limit <n>            at most n executions (default 50)`,
  examples: ['brandflow executions --status RUNNING', 'brandflow executions --post spring-launch --json'],
  async run({ args, connection }) {
    const status = stringFlag(args, 'status')?.toUpperCase();
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new InvalidInputError([
        { field: '--status', rule: 'one-of', message: `must be one of ${STATUSES.join(', ')}` },
      ]);
    }
    const limit = Number(stringFlag(args, 'limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new InvalidInputError([
        { field: '--limit', rule: 'range', message: '--limit must be a whole number from 1 to 1000' },
      ]);
    }
    const postId = stringFlag(args, 'post');
    const stateMachineArn = await connection.stateMachineArn();
    const executions: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await connection.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn,
          statusFilter: status as ExecutionStatus | undefined,
          maxResults: 100,
          nextToken,
        }),
      );
      for (const execution of page.executions ?? []) {
        if (!postId || execution.name?.startsWith(`${postId}-r`)) executions.push(execution);
      }
      nextToken = page.nextToken;
    } while (nextToken && executions.length < limit);
    const shown = executions.slice(0, limit);
    return {
      data: {
        stateMachineArn,
        executions: shown.map((e) => ({
          name: e.name,
          executionArn: e.executionArn,
          status: e.status,
          startDate: e.startDate?.toISOString(),
          stopDate: e.stopDate?.toISOString(),
        })),
      },
      text: shown.length
        ? table(
            ['execution', 'status', 'started (UTC)', 'stopped (UTC)'],
            shown.map((e) => [
              e.name ?? '',
              e.status ?? '',
              shortTime(e.startDate),
              e.stopDate ? shortTime(e.stopDate) : '',
            ]),
          )
        : 'No execution matches.',
    };
  },
};
