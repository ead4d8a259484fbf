import { InvalidInputError } from '../../functions/domain/errors.js';
import { readTargetClock } from '../clock.js';
import type { Command } from '../command.js';
import { shortTime, table } from '../format.js';
import { stringFlag } from '../options.js';

/** `brandflow rejections`: inbound events refused on a day, with their errors. */
export const rejectionsCommand: Command = {
  name: 'rejections',
  usage: 'rejections [--day <yyyy-mm-dd>]',
  summary: 'list the inbound events Brandflow refused on a UTC day, with field and rule',
  options: { day: { type: 'string' } },
  optionsHelp:
    "  --day <yyyy-mm-dd>     the UTC day (default: today by the target's clock, `brandflow clock`)",
  examples: ['brandflow rejections --day 2030-05-01'],
  async run({ args, connection }) {
    const day = stringFlag(args, 'day') ?? (await readTargetClock(connection.target)).now.slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      throw new InvalidInputError([
        { field: '--day', rule: 'date', message: '--day must be a date such as 2030-05-01' },
      ]);
    }
    const rejected = await (await connection.records()).listRejectedEvents(day);
    const rows = rejected.flatMap((event) =>
      event.errors.map((error) => [
        shortTime(event.rejectedAt),
        event.detailType,
        event.eventId,
        error.field,
        error.rule,
        error.message,
      ]),
    );
    return {
      data: { day, rejected },
      text: rows.length
        ? table(['at (UTC)', 'detail-type', 'event id', 'field', 'rule', 'message'], rows)
        : `No inbound event refused on ${day}.`,
    };
  },
};
