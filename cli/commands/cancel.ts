import { cancelPostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { actAsCaller, frontDoorHelp, frontDoorOptions, namedActor, TOKEN_SUBJECT } from '../front-door.js';
import { requiredArg, stringFlag } from '../options.js';
import { validateDetail } from '../validate.js';

/** `brandflow cancel <postId>`: stops a post before publication, through the front door. */
export const cancelCommand: Command = {
  name: 'cancel',
  usage: 'cancel <postId> [--reason <text>] [--token <jwt>]',
  summary: 'cancel a post before publication through the front door, as the token says',
  options: { ...frontDoorOptions, by: { type: 'string' }, reason: { type: 'string' } },
  optionsHelp: `  --reason <text>        why, kept in the lifecycle log
  --by <userId>          optional: refused unless it is the token's own subject
${frontDoorHelp}`,
  examples: ['brandflow cancel spring-launch --reason "Campaign moved"'],
  async run({ args, io, connection }) {
    const postId = requiredArg(args, 0, 'postId');
    const by = stringFlag(args, 'by');
    const body = { reason: stringFlag(args, 'reason'), ...namedActor('requestedBy', by) };
    validateDetail(cancelPostSchema, { ...body, postId, requestedBy: { id: by ?? TOKEN_SUBJECT } });
    const path = `/posts/${encodeURIComponent(postId)}/cancel`;
    const outcome = (await actAsCaller(args, io.env, connection.target, 'POST', path, body)) as {
      status?: string;
    };
    return {
      data: { postId, outcome },
      text: `Post ${postId}: ${String(outcome.status ?? 'handled')}.`,
    };
  },
};
