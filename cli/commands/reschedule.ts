import { reschedulePostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { requiredArg, stringFlag } from '../options.js';
import { requesterHelp, requesterOptions, requestOnPost } from '../post-request.js';

/** `brandflow reschedule <postId> <scheduledAt>`: moves a post's time before publication. */
export const rescheduleCommand: Command = {
  name: 'reschedule',
  usage: 'reschedule <postId> <scheduledAt> [--time-zone <iana>] [--token <jwt>]',
  summary: 'move a post to a new time (RFC 3339 with an offset) through the front door, as the token says',
  options: { ...requesterOptions, 'time-zone': { type: 'string' } },
  optionsHelp: `  --time-zone <iana>     the post's new time zone, e.g. Europe/Paris
${requesterHelp}`,
  examples: ['brandflow reschedule spring-launch 2030-05-02T09:00:00+02:00 --time-zone Europe/Paris'],
  run: (context) =>
    requestOnPost(
      context,
      'reschedule',
      reschedulePostSchema,
      (args) => ({
        scheduledAt: requiredArg(args, 1, 'scheduledAt'),
        timeZone: stringFlag(args, 'time-zone'),
      }),
      (outcome) => (outcome.scheduledAt ? ` for ${outcome.scheduledAt}` : ''),
    ),
};
