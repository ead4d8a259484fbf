import { type InputProblem, InvalidInputError } from '../../functions/domain/errors.js';
import type { Command } from '../command.js';
import { shortTime, table } from '../format.js';
import { requiredArg, stringFlag } from '../options.js';
import { publicPost } from '../post-view.js';

const DAY_MS = 24 * 3600_000;

/** `brandflow calendar <brandId>`: a brand's posts scheduled in a date range. */
export const calendarCommand: Command = {
  name: 'calendar',
  usage: 'calendar <brandId> [--from <date>] [--to <date>]',
  summary: "list a brand's posts scheduled in [from, to), in time order",
  options: { from: { type: 'string' }, to: { type: 'string' } },
  optionsHelp: `  --from <date>          a date or RFC 3339 date-time (default: now)
  --to <date>            a date or RFC 3339 date-time, excluded (default: from + 7 days)`,
  examples: ['brandflow calendar acme --from 2030-05-01 --to 2030-06-01'],
  async run({ args, connection }) {
    const brandId = requiredArg(args, 0, 'brandId');
    const problems: InputProblem[] = [];
    const from = parseDate(stringFlag(args, 'from'), '--from', problems) ?? Date.now();
    const to = parseDate(stringFlag(args, 'to'), '--to', problems) ?? from + 7 * DAY_MS;
    if (problems.length === 0 && to <= from) {
      problems.push({ field: '--to', rule: 'after-from', message: '--to must be after --from' });
    }
    if (problems.length) throw new InvalidInputError(problems);
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const posts = await (await connection.records()).listCalendar(brandId, range.from, range.to);
    const rows = posts.map((post) => [
      shortTime(post.scheduledAt),
      post.postId,
      post.status,
      post.channels.join(' '),
      post.campaign ?? '',
    ]);
    return {
      data: { brandId, ...range, posts: posts.map(publicPost) },
      text: posts.length
        ? table(['scheduled (UTC)', 'post', 'status', 'channels', 'campaign'], rows)
        : `No post of ${brandId} scheduled from ${range.from} to ${range.to}.`,
    };
  },
};

function parseDate(value: string | undefined, field: string, problems: InputProblem[]): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) {
    problems.push({
      field,
      rule: 'date',
      message: `${field} must be a date (2030-05-01) or an RFC 3339 date-time`,
    });
    return undefined;
  }
  return ms;
}
