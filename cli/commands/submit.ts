import { submitPostSchema } from '../../functions/contract/inbound.js';
import type { Command } from '../command.js';
import { fields } from '../format.js';
import { putInbound, waitForHandling } from '../inbound.js';
import { requiredArg, waitOptions, waitTimeoutHelp, waitTimeoutMs } from '../options.js';
import { readPostFile } from '../post-file.js';
import { describeStatus, publicPost, waitForPost } from '../post-view.js';
import { validateDetail } from '../validate.js';

/** Statuses a fresh submission passes through before a reviewer or the policy has had a say. */
const BEFORE_REVIEW = new Set(['draft', 'submitted']);

/** `brandflow submit <file>`: validates a post file and puts `Submit Post`. */
export const submitCommand: Command = {
  name: 'submit',
  usage: 'submit <file.yaml|file.json> [--wait] [--timeout <seconds>]',
  summary: 'validate a post from a YAML or JSON file and put Submit Post on the bus',
  options: waitOptions,
  optionsHelp: `  --wait                 wait until the review is requested (or the policy check refuses the post)
${waitTimeoutHelp}`,
  examples: ['brandflow submit posts/spring-launch.yaml --wait'],
  async run({ args, connection, progress }) {
    const file = requiredArg(args, 0, 'file');
    const timeoutMs = waitTimeoutMs(args);
    const detail = validateDetail(submitPostSchema, await readPostFile(file));
    const eventId = await putInbound(connection, 'Submit Post', detail);
    const sent = { eventId, postId: detail.postId, revision: detail.revision };
    if (args.values.wait !== true) {
      return {
        data: sent,
        text: `Submit Post put on ${connection.target.eventBusName}: post ${detail.postId} revision ${detail.revision} (event ${eventId}).`,
      };
    }
    const outcome = await waitForHandling(connection, eventId, 'Submit Post', { progress, timeoutMs });
    const records = await connection.records();
    const post = await waitForPost(
      records,
      detail.postId,
      (p) => p.revision >= detail.revision && !BEFORE_REVIEW.has(p.status),
      { what: 'Review Requested', progress, timeoutMs },
    );
    return {
      data: { ...sent, outcome, post: publicPost(post) },
      text: fields([
        ['post', post.postId],
        ['revision', post.revision],
        ['status', describeStatus(post)],
        ['execution', post.executionName],
        ['content hash', post.contentHash],
        ['policy', post.policy ? JSON.stringify(post.policy) : undefined],
      ]),
    };
  },
};
