import { routePath } from '../../functions/contract/api-routes.js';
import type { InboxItem, InboxPage } from '../../functions/use-cases/feedback-inbox.js';
import { clip, offset, shortTime, table } from '../format.js';
import { callFrontDoor, frontDoor, frontDoorCommand } from '../front-door.js';
import { requiredArg, stringFlag, stringOptions } from '../options.js';

const TEXT_WIDTH = 60;

/** The SLA clock as a person reads it: business time left, or how long it is overdue. */
function clockOf(item: InboxItem): string {
  if (!item.sla) return 'no target';
  const business = (seconds: number) => offset(seconds * 1000).slice(1);
  return item.sla.overdue
    ? `OVERDUE ${business(item.sla.overdueBusinessSeconds)}`
    : `${business(item.sla.businessSecondsLeft)} left`;
}

/** `brandflow inbox <brandId>`: the brand's open feedback with the SLA clock, through the front door. */
export const inboxCommand = frontDoorCommand({
  name: 'inbox',
  usage:
    'inbox <brandId> [--category <category>] [--overdue] [--status open|closed] [--limit <n>] [--cursor <c>]',
  summary: "list a brand's open feedback, most urgent first, with the response clock in business hours",
  options: { ...stringOptions('category', 'status', 'limit', 'cursor'), overdue: { type: 'boolean' } },
  optionsHelp: `  --category <category>  crisis_risk, complaint, question, praise, spam or other
  --overdue              only items whose response is overdue
  --status <status>      open (default) or closed
  --limit <n>            items per page, 1-100 (default 50)
  --cursor <c>           the page after the one that printed this cursor`,
  examples: [
    'brandflow inbox aurora-tea --category complaint',
    'brandflow inbox aurora-tea --overdue --json',
  ],
  async run({ args, io, connection }) {
    const brandId = requiredArg(args, 0, 'brandId');
    const query = new URLSearchParams();
    for (const name of ['category', 'status', 'limit', 'cursor'] as const) {
      const value = stringFlag(args, name);
      if (value !== undefined) query.set(name, value);
    }
    if (args.values.overdue === true) query.set('overdue', 'true');
    const door = await frontDoor(args, io.env, connection.target);
    const path = `${routePath('GET /brands/{brandId}/feedback', { brandId })}${query.size ? `?${query}` : ''}`;
    const page = (await callFrontDoor(door, 'GET', path)) as InboxPage;
    const rows = page.items.map((item) => [
      item.sla ? shortTime(item.sla.dueAt) : '-',
      clockOf(item),
      item.category,
      item.channel,
      item.feedbackId,
      item.text === undefined ? '(text past retention)' : clip(item.text, TEXT_WIDTH),
    ]);
    const more = page.nextCursor ? `\nMore: --cursor ${page.nextCursor}` : '';
    return {
      data: page,
      text: rows.length
        ? `${table(['due (UTC)', 'clock (business)', 'category', 'channel', 'feedback id', 'text'], rows)}${more}`
        : `No ${query.get('status') ?? 'open'} feedback for ${brandId} matches.${more}`,
    };
  },
});
