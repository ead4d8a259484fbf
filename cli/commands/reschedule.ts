import { reschedulePostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { actAsCaller, frontDoorHelp, frontDoorOptions, namedActor, TOKEN_SUBJECT } from '../front-door.js';
import { requiredArg, stringFlag } from '../options.js';
import { validateDetail } from '../validate.js';

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
    const by = stringFlag(args, 'by');
    const body = {
      scheduledAt: requiredArg(args, 1, 'scheduledAt'),
      timeZone: stringFlag(args, 'time-zone'),
      ...namedActor('requestedBy', by),
    };
    validateDetail(reschedulePostSchema, { ...body, postId, requestedBy: { id: by ?? TOKEN_SUBJECT } });
    const path = `/posts/${encodeURIComponent(postId)}/reschedule`;
    const outcome = (await actAsCaller(args, io.env, connection.target, 'POST', path, body)) as {
      status?: string;
      scheduledAt?: string;
    };
    return {
      data: { postId, outcome },
      text: `Post ${postId}: ${String(outcome.status ?? 'handled')}${outcome.scheduledAt ? ` for ${outcome.scheduledAt}` : ''}.`,
    };
  },
};
