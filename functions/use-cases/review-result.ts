import type { ReviewApproval } from '../../workflows/contract.js';
import { failTask, succeedTask } from '../aws/workflow.js';
import { decisionOutcome, type ReviewDecision } from '../domain/review.js';

/**
 * Hands a decision to the execution waiting on `token` (AwaitReview). Without a token yet (the decision
 * came before AwaitReview stored one), the Request Review step replays it from the log.
 *
 * @example
 * ```ts
 * await sendResult(token, { decision: 'approve', revision: 2, reviewer: { id: 'reviewer-1' } });
 * ```
 */
export async function sendResult(
  token: string,
  decision: Pick<ReviewDecision, 'decision' | 'revision' | 'comment'> & { reviewer: { id: string } },
): Promise<void> {
  const outcome = decisionOutcome[decision.decision];
  if (outcome.taskError === undefined) {
    const approval: ReviewApproval = {
      decision: 'approve',
      reviewer: decision.reviewer.id,
      revision: decision.revision,
    };
    await succeedTask(token, approval, { tolerateClosed: true });
  } else {
    await failTask(token, outcome.taskError, decision.comment ?? decision.decision, { tolerateClosed: true });
  }
}
