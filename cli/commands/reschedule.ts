import { reschedulePostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { actOnPost, frontDoorHelp, frontDoorOptions } from '../front-door.js';
import { requiredArg, stringFlag } from '../options.js';

/** `brandflow reschedule <postId> <scheduledAt>`: moves a post's time before publication. */
export const rescheduleCommand: Command = {
  name: 'reschedule',
  usage: 'reschedule <postId> <scheduledAt> [--time-zone <iana>] [--token <jwt>]',
  summary: 'move a post to a new time (RFC 3339 with an offset) through the front door, as the token says',
  options: { ...frontDoorOptions, by: { type: 'string' }, 'time-zone': { type: 'string' } },
  optionsHelp: `  --time-zone <iana>     the post's new time zone, e.g. Europe/Paris
  --by <userId>          optional: refused unless it is the token's own subject
${frontDoorHelp}`,
  examples: ['brandflow reschedule spring-launch 2030-05-02T09:00:00+02:00 --time-zone Europe/Paris'],
  async run({ args, io, connection }) {
    const postId = requiredArg(args, 0, 'postId');
    const outcome = (await actOnPost(args, io.env, connection.target, {
      postId,
      action: 'reschedule',
      schema: reschedulePostSchema,
      actorField: 'requestedBy',
      actor: stringFlag(args, 'by'),
      fields: { scheduledAt: requiredArg(args, 1, 'scheduledAt'), timeZone: stringFlag(args, 'time-zone') },
    })) as { status?: string; scheduledAt?: string };
    return {
      data: { postId, outcome },
      text: `Post ${postId}: ${String(outcome.status ?? 'handled')}${outcome.scheduledAt ? ` for ${outcome.scheduledAt}` : ''}.`,
    };
  },
};
