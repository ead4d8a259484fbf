import { reviewDecisionSchema, type reviewDecisions } from '../../functions/contract/inbound.js';
import { InvalidInputError } from '../../functions/domain/errors.js';
import { fields } from '../format.js';
import { actOnPost, frontDoorCommand } from '../front-door.js';
import { requiredArg, stringFlag, stringOptions, waitHelp, waitOptions, waitTimeoutMs } from '../options.js';
import { describeStatus, progressKey, publicPost, requirePost, waitForPost } from '../post-view.js';

const DECISIONS: Record<string, (typeof reviewDecisions)[number]> = {
  approve: 'approve',
  reject: 'reject',
  'request-changes': 'request_changes',
  request_changes: 'request_changes',
};

/** `brandflow decide <postId> <decision>`: one reviewer's decision on the waiting stage. */
export const decideCommand = frontDoorCommand({
  name: 'decide',
  usage:
    'decide <postId> approve|reject|request-changes [--comment <text>] [--stage <name>] [--revision <n>] [--wait] [--token <jwt>]',
  summary:
    'decide the waiting review stage through the front door, as the token says (the current revision unless --revision)',
  options: { ...stringOptions('reviewer', 'comment', 'stage', 'revision'), ...waitOptions },
  optionsHelp: `  --reviewer <id>        optional: refused unless it is the token's own subject
  --comment <text>       required to reject or request changes
  --stage <name>         the stage decided (default: the one waiting)
  --revision <n>         the revision decided (default: the post's current one)
${waitHelp('the post moves to its next state')}`,
  examples: [
    'brandflow login --as brand-manager-1 && brandflow decide spring-launch approve --wait',
    'brandflow decide spring-launch request-changes --comment "Add the disclosure" --token "$BRANDFLOW_TOKEN"',
  ],
  async run({ args, io, connection, progress }) {
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
    const revision = revisionFlag === undefined ? before.revision : Number(revisionFlag);
    const outcome = await actOnPost(args, io.env, connection.target, {
      postId,
      action: 'decisions',
      schema: reviewDecisionSchema,
      actorField: 'reviewer',
      actor: stringFlag(args, 'reviewer'),
      fields: {
        revision,
        decision,
        comment: stringFlag(args, 'comment'),
        stage: stringFlag(args, 'stage'),
        // The content the reviewer is shown (`brandflow show`) is the content the approval binds to.
        contentHash: before.contentHash,
      },
    });
    const sent = { postId, revision, decision };
    if (args.values.wait !== true) {
      return {
        data: { ...sent, outcome },
        text: `Decision (${word}) accepted for post ${postId} revision ${revision}.`,
      };
    }
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
});
