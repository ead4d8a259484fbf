import { submitPostSchema } from '../../functions/contract/inbound.js';
import { fields } from '../format.js';
import { actAsCaller, frontDoorCommand, TOKEN_SUBJECT } from '../front-door.js';
import { requiredArg, waitHelp, waitOptions, waitTimeoutMs } from '../options.js';
import { readPostFile } from '../post-file.js';
import { describeStatus, publicPost, waitForPost } from '../post-view.js';
import { validateDetail } from '../validate.js';

/** Statuses a fresh submission passes through before a reviewer or the policy has had a say. */
const BEFORE_REVIEW = new Set(['draft', 'submitted']);

/** `brandflow submit <file>`: validates a post file and submits it through the front door. */
export const submitCommand = frontDoorCommand({
  name: 'submit',
  usage: 'submit <file.yaml|file.json> [--wait] [--timeout <seconds>] [--token <jwt>]',
  summary:
    'validate a post from a YAML or JSON file and submit it through the front door; the author is the token’s person',
  options: waitOptions,
  optionsHelp: waitHelp('the review is requested (or the policy check refuses the post)'),
  examples: [
    'brandflow login --as author-1 && brandflow submit posts/spring-launch.yaml --wait',
    'brandflow submit posts/spring-launch.yaml --token "$BRANDFLOW_TOKEN" --api "$BRANDFLOW_API_URL"',
  ],
  async run({ args, io, connection, progress }) {
    const file = requiredArg(args, 0, 'file');
    const timeoutMs = waitTimeoutMs(args);
    const body = await readPostFile(file);
    // The author is the token's subject: a file may leave it out; one naming someone else is refused.
    const detail = validateDetail(
      submitPostSchema,
      body && typeof body === 'object' && !Array.isArray(body)
        ? { author: { id: TOKEN_SUBJECT }, ...body }
        : body,
    );
    const outcome = await actAsCaller(args, io.env, connection.target, 'POST', '/posts', body);
    const sent = { postId: detail.postId, revision: detail.revision, outcome };
    if (args.values.wait !== true) {
      return {
        data: sent,
        text: `Post ${detail.postId} revision ${detail.revision} submitted through the front door.`,
      };
    }
    const records = await connection.records();
    const post = await waitForPost(
      records,
      detail.postId,
      (p) => p.revision >= detail.revision && !BEFORE_REVIEW.has(p.status),
      { what: 'Review Requested', progress, timeoutMs },
    );
    return {
      data: { ...sent, post: publicPost(post) },
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
});
