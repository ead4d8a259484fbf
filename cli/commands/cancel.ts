import { cancelPostSchema } from '../../functions/contract/inbound.js';
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

/** `brandflow cancel <postId>`: stops a post before publication. */
export const cancelCommand: Command = {
  name: 'cancel',
  usage: 'cancel <postId> --by <userId> [--reason <text>] [--wait]',
  summary: 'put Cancel Post: stops the post before publication',
  options: {
    by: { type: 'string' },
    reason: { type: 'string' },
    ...waitOptions,
  },
  optionsHelp: `  --by <userId>          who cancels (an id, never a name)
  --reason <text>        why, kept in the lifecycle log
  --wait                 wait until Brandflow has handled it
${waitTimeoutHelp}`,
  examples: ['brandflow cancel spring-launch --by brand-manager-1 --reason "Campaign moved"'],
  async run({ args, connection, progress }) {
    const detail = validateDetail(cancelPostSchema, {
      postId: requiredArg(args, 0, 'postId'),
      requestedBy: { id: requiredFlag(args, 'by') },
      reason: stringFlag(args, 'reason'),
    });
    const timeoutMs = waitTimeoutMs(args);
    const eventId = await putInbound(connection, 'Cancel Post', detail);
    if (args.values.wait !== true) {
      return {
        data: { eventId, postId: detail.postId },
        text: `Cancel Post put for post ${detail.postId} (event ${eventId}).`,
      };
    }
    const outcome = await waitForHandling(connection, eventId, 'Cancel Post', { progress, timeoutMs });
    return {
      data: { eventId, postId: detail.postId, outcome },
      text: `Post ${detail.postId}: ${String(outcome.status ?? 'handled')}.`,
    };
  },
};
