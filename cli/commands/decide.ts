import { reviewDecisionSchema, type reviewDecisions } from '../../functions/contract/inbound.js';
import { InvalidInputError } from '../../functions/domain/errors.js';
import type { Command } from '../command.js';
import { fields } from '../format.js';
import { putInbound, waitForHandling } from '../inbound.js';
import {
  requiredArg,
  requiredFlag,
  stringFlag,
  waitOptions,
  waitTimeoutHelp,
  waitTimeoutMs,
} from '../options.js';
import { describeStatus, progressKey, publicPost, requirePost, waitForPost } from '../post-view.js';
import { validateDetail } from '../validate.js';

const DECISIONS: Record<string, (typeof reviewDecisions)[number]> = {
  approve: 'approve',
  reject: 'reject',
  'request-changes': 'request_changes',
  request_changes: 'request_changes',
};

/** `brandflow decide <postId> <decision>`: one reviewer's decision on the waiting stage. */
export const decideCommand: Command = {
  name: 'decide',
  usage:
    'decide <postId> approve|reject|request-changes --reviewer <id> [--comment <text>] [--stage <name>] [--revision <n>] [--wait]',
  summary: 'put a Review Decision for the post (the current revision unless --revision)',
  options: {
    reviewer: { type: 'string' },
    comment: { type: 'string' },
    stage: { type: 'string' },
    revision: { type: 'string' },
    ...waitOptions,
  },
  optionsHelp: `  --reviewer <id>        the reviewer's user id (an id, never a name)
  --comment <text>       required to reject or request changes
  --stage <name>         the stage decided (default: the one waiting)
  --revision <n>         the revision decided (default: the post's current one)
  --wait                 wait until the post moves to its next state
${waitTimeoutHelp}`,
  examples: [
    'brandflow decide spring-launch approve --reviewer brand-manager-1 --wait',
    'brandflow decide spring-launch request-changes --reviewer legal-1 --comment "Add the disclosure"',
  ],
  async run({ args, connection, progress }) {
    const postId = requiredArg(args, 0, 'postId');
    const word = requiredArg(args, 1, 'decision');
    const decision = DECISIONS[word];
    if (!decision) {
      throw new InvalidInputError([
        { field: '<decision>', rule: 'one-of', message: 'must be approve, reject or request-changes' },
      ]);
    }
    const timeoutMs = waitTimeoutMs(args);
    const records = await connection.records();
    const before = await requirePost(records, postId);
    const revisionFlag = stringFlag(args, 'revision');
    const detail = validateDetail(reviewDecisionSchema, {
      postId,
      revision: revisionFlag === undefined ? before.revision : Number(revisionFlag),
      decision,
      reviewer: { id: requiredFlag(args, 'reviewer') },
      comment: stringFlag(args, 'comment'),
      stage: stringFlag(args, 'stage'),
    });
    const eventId = await putInbound(connection, 'Review Decision', detail);
    const sent = { eventId, postId, revision: detail.revision, decision };
    if (args.values.wait !== true) {
      return {
        data: sent,
        text: `Review Decision (${word}) put for post ${postId} revision ${detail.revision} (event ${eventId}).`,
      };
    }
    const outcome = await waitForHandling(connection, eventId, 'Review Decision', { progress, timeoutMs });
    const key = progressKey(before);
    const post = await waitForPost(records, postId, (p) => progressKey(p) !== key, {
      what: 'its next state',
      progress,
      timeoutMs,
    });
    return {
      data: { ...sent, outcome, post: publicPost(post) },
      text: fields([
        ['post', postId],
        ['decision', word],
        ['before', describeStatus(before)],
        ['now', describeStatus(post)],
      ]),
    };
  },
};
