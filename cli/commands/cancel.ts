import { cancelPostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { stringFlag } from '../options.js';
import { requesterHelp, requesterOptions, requestOnPost } from '../post-request.js';

/** `brandflow cancel <postId>`: stops a post before publication, through the front door. */
export const cancelCommand: Command = {
  name: 'cancel',
  usage: 'cancel <postId> [--reason <text>] [--token <jwt>]',
  summary: 'cancel a post before publication through the front door, as the token says',
  options: { ...requesterOptions, reason: { type: 'string' } },
  optionsHelp: `  --reason <text>        why, kept in the lifecycle log
${requesterHelp}`,
  examples: ['brandflow cancel spring-launch --reason "Campaign moved"'],
  run: (context) =>
    requestOnPost(context, 'cancel', cancelPostSchema, (args) => ({ reason: stringFlag(args, 'reason') })),
};
