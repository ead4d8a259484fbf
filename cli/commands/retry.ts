import { retryPostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { putInbound, waitForHandling } from '../inbound.js';
import { requiredArg, requiredFlag, waitHelp, waitOptions, waitTimeoutMs } from '../options.js';
import { validateDetail } from '../validate.js';

/** `brandflow retry <postId> <scheduledAt>`: runs a failed post again, never publishing a channel twice. */
export const retryCommand: Command = {
  name: 'retry',
  usage: 'retry <postId> <scheduledAt> --by <userId> [--wait]',
  summary: 'put Retry Post: runs a failed post again for a new time; published channels are kept',
  options: {
    by: { type: 'string' },
    ...waitOptions,
  },
  optionsHelp: `  --by <userId>          who retries (an id, never a name)
${waitHelp('Brandflow has handled it')}`,
  examples: ['brandflow retry spring-launch 2030-05-02T09:00:00+02:00 --by brand-manager-1 --wait'],
  async run({ args, connection, progress }) {
    const detail = validateDetail(retryPostSchema, {
      postId: requiredArg(args, 0, 'postId'),
      scheduledAt: requiredArg(args, 1, 'scheduledAt'),
      requestedBy: { id: requiredFlag(args, 'by') },
    });
    const timeoutMs = waitTimeoutMs(args);
    const eventId = await putInbound(connection, 'Retry Post', detail);
    if (args.values.wait !== true) {
      return {
        data: { eventId, postId: detail.postId },
        text: `Retry Post put for post ${detail.postId} (event ${eventId}).`,
      };
    }
    const outcome = await waitForHandling(connection, eventId, 'Retry Post', { progress, timeoutMs });
    const execution = outcome.executionName ? ` as ${String(outcome.executionName)}` : '';
    return {
      data: { eventId, postId: detail.postId, outcome },
      text: `Post ${detail.postId}: ${String(outcome.status ?? 'handled')}${execution}.`,
    };
  },
};
