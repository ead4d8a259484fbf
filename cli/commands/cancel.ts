import { cancelPostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { actOnPost, frontDoorHelp, frontDoorOptions } from '../front-door.js';
import { requiredArg, stringFlag } from '../options.js';

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
    const outcome = (await actOnPost(args, io.env, connection.target, {
      postId,
      action: 'cancel',
      schema: cancelPostSchema,
      actorField: 'requestedBy',
      actor: stringFlag(args, 'by'),
      fields: { reason: stringFlag(args, 'reason') },
    })) as { status?: string };
    return {
      data: { postId, outcome },
      text: `Post ${postId}: ${String(outcome.status ?? 'handled')}.`,
    };
  },
};
