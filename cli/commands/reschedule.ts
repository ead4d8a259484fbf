import { reschedulePostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { putInbound, waitForHandling } from '../inbound.js';
import {
  requiredArg,
  requiredFlag,
  stringFlag,
  waitOptions,
  waitTimeoutHelp,
  waitTimeoutMs,
} from '../options.js';
import { validateDetail } from '../validate.js';

/** `brandflow reschedule <postId> <scheduledAt>`: moves a post's time before publication. */
export const rescheduleCommand: Command = {
  name: 'reschedule',
  usage: 'reschedule <postId> <scheduledAt> --by <userId> [--time-zone <iana>] [--wait]',
  summary: 'put Reschedule Post: moves the post to a new time (RFC 3339 with an offset)',
  options: {
    by: { type: 'string' },
    'time-zone': { type: 'string' },
    ...waitOptions,
  },
  optionsHelp: `  --by <userId>          who reschedules (an id, never a name)
  --time-zone <iana>     the post's new time zone, e.g. Europe/Paris
  --wait                 wait until Brandflow has handled it
${waitTimeoutHelp}`,
  examples: ['brandflow reschedule spring-launch 2030-05-02T09:00:00+02:00 --by brand-manager-1 --wait'],
  async run({ args, connection, progress }) {
    const detail = validateDetail(reschedulePostSchema, {
      postId: requiredArg(args, 0, 'postId'),
      scheduledAt: requiredArg(args, 1, 'scheduledAt'),
      timeZone: stringFlag(args, 'time-zone'),
      requestedBy: { id: requiredFlag(args, 'by') },
    });
    const timeoutMs = waitTimeoutMs(args);
    const eventId = await putInbound(connection, 'Reschedule Post', detail);
    if (args.values.wait !== true) {
      return {
        data: { eventId, postId: detail.postId, scheduledAt: detail.scheduledAt },
        text: `Reschedule Post put for post ${detail.postId} to ${detail.scheduledAt} (event ${eventId}).`,
      };
    }
    const outcome = await waitForHandling(connection, eventId, 'Reschedule Post', { progress, timeoutMs });
    return {
      data: { eventId, postId: detail.postId, outcome },
      text: `Post ${detail.postId}: ${String(outcome.status ?? 'handled')}${outcome.scheduledAt ? ` for ${String(outcome.scheduledAt)}` : ''}.`,
    };
  },
};
