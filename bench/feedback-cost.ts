import {
  FEEDBACK_LIFECYCLE,
  FULL_LIFECYCLE,
  type LifecycleResult,
  REPLIES_PER_CHANNEL,
} from './lifecycle-costs.js';

const usd = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(4)}`;

/**
 * The paragraph of docs/benchmarks.md on feedback collection: what the full lifecycle costs
 * with replies collected and recorded, against the goal, and what one reply adds.
 *
 * @example
 * ```ts
 * feedbackCostParagraph(results.lifecycles, 0.5); // '**With feedback collection on** ...'
 * ```
 */
export function feedbackCostParagraph(lifecycles: readonly LifecycleResult[], goal: number): string {
  const full = lifecycles.find((l) => l.name === FULL_LIFECYCLE);
  const withFeedback = lifecycles.find((l) => l.name === FEEDBACK_LIFECYCLE);
  if (!full || !withFeedback) return '';
  const replies = REPLIES_PER_CHANNEL * 3;
  const added = withFeedback.cost.total - full.cost.total;
  const perReply = added / replies;
  const verdict = withFeedback.cost.total <= goal ? 'under' : 'over';
  const headroom = Math.max(0, goal - full.cost.total);
  return `**With feedback collection on** (${FEEDBACK_LIFECYCLE}: ${replies} replies a post, arriving over its
first 48 hours, each read by every round until recorded once), a full lifecycle costs
**${usd(withFeedback.cost.total)}** per 1,000 posts, ${usd(Math.abs(goal - withFeedback.cost.total))} ${verdict} the goal:
${usd(added)} more than without replies (DynamoDB ${usd(withFeedback.cost.dynamoDb - full.cost.dynamoDb)}, EventBridge
${usd(withFeedback.cost.eventBridge - full.cost.eventBridge)}, Lambda ${usd(withFeedback.cost.lambda - full.cost.lambda)}). Each reply recorded adds about
${usd(perReply)} per 1,000 posts (its record, text, hour and post counts in one transaction, the \`calendar\`
index write, \`Feedback Recorded\`, the spike check's Query, and a batch read a channel in each later round), so the
goal's headroom holds about ${perReply > 0 ? Math.floor(headroom / perReply) : 0} replies a post. The author key is read from Secrets Manager
once per container, not per reply.`;
}
