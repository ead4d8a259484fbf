import { routePath } from '../../functions/contract/api-routes.js';
import { InvalidInputError } from '../../functions/domain/errors.js';
import { replyDecisionSchema } from '../../functions/use-cases/decide-feedback-reply.js';
import { replyBodySchema } from '../../functions/use-cases/reply-to-feedback.js';
import { actAsCaller, frontDoorCommand } from '../front-door.js';
import { requiredArg, stringFlag, stringOptions } from '../options.js';
import { validateDetail } from '../validate.js';

const NEXT_STEP: Record<string, string> = {
  pending_approval: 'it waits for an approver of the brand',
  approved: 'it is on its way to the platform',
  rejected: 'it will not be sent',
  sent: 'it is published',
};

/**
 * `brandflow reply <feedbackId> "text"`: the token's person answers a feedback item; an
 * approver approves or rejects a waiting reply with `--approve` / `--reject <contentHash>`.
 */
export const replyCommand = frontDoorCommand({
  name: 'reply',
  usage: 'reply <feedbackId> "<text>" | reply <feedbackId> --approve|--reject <contentHash> [--token <jwt>]',
  summary: 'reply to a feedback item through the front door, as the token says, or decide a waiting reply',
  options: stringOptions('approve', 'reject'),
  optionsHelp: `  --approve <hash>       approve the waiting reply whose text has this contentHash
  --reject <hash>        reject the waiting reply whose text has this contentHash`,
  examples: [
    'brandflow reply acme.0123456789abcdef01234567 "Sorry: your refund left today."',
    'brandflow reply acme.0123456789abcdef01234567 --approve 3f1c…',
  ],
  async run({ args, io, connection }) {
    const feedbackId = requiredArg(args, 0, 'feedbackId');
    const approve = stringFlag(args, 'approve');
    const reject = stringFlag(args, 'reject');
    if (approve !== undefined && reject !== undefined) {
      throw new InvalidInputError([
        { field: '--approve', rule: 'one-of', message: 'give --approve or --reject, not both' },
      ]);
    }
    const hash = approve ?? reject;
    const decision =
      hash === undefined ? undefined : { decision: approve ? 'approve' : 'reject', contentHash: hash };
    const body = decision ?? { text: requiredArg(args, 1, 'text') };
    validateDetail(decision ? replyDecisionSchema : replyBodySchema, body);
    const route = decision
      ? 'POST /feedback/{feedbackId}/replies/decisions'
      : 'POST /feedback/{feedbackId}/replies';
    const outcome = (await actAsCaller(
      args,
      io.env,
      connection.target,
      'POST',
      routePath(route, { feedbackId }),
      body,
    )) as {
      status: string;
      contentHash: string;
    };
    const waiting =
      outcome.status === 'pending_approval'
        ? `\nApprove with: brandflow reply ${feedbackId} --approve ${outcome.contentHash}`
        : '';
    return {
      data: outcome,
      text: `Reply to ${feedbackId}: ${outcome.status} (${NEXT_STEP[outcome.status] ?? 'recorded'}).${waiting}`,
    };
  },
});
