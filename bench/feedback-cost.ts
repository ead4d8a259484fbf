import { earlyFeedbackChecks } from '../functions/domain/feedback.js';
import { awsPrices } from './aws-prices.js';
import {
  FEEDBACK_LIFECYCLE,
  FULL_LIFECYCLE,
  type LifecycleResult,
  REPLIES_PER_CHANNEL,
  SIX_ROUNDS,
} from './lifecycle-costs.js';

const usd = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(4)}`;
const HOUR_MS = 3_600_000;

/** The feedback-only collections a six-round post gets in its first 48 hours (functions/domain/feedback.ts). */
function earlyCollections(): number {
  const rounds = SIX_ROUNDS.map((hour, i) => ({ round: i + 1, at: new Date(hour * HOUR_MS).toISOString() }));
  return earlyFeedbackChecks(new Date(0).toISOString(), rounds, -1).length;
}

/** What a lifecycle's Lambda duration cost per 1,000 posts: the timed part of its total. */
function timedLambdaCost(lifecycle: LifecycleResult): number {
  const { usage } = lifecycle;
  return lifecycle.cost.lambda - usage.lambdaInvocations * awsPrices.lambda.perRequest * 1000;
}

/**
 * The paragraph of docs/benchmarks.md on feedback collection: what the full lifecycle costs
 * with replies collected and recorded, against the goal, what one reply adds, and what every
 * post with collection on pays whether or not anyone replies.
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
  const early = earlyCollections();
  const collections = withFeedback.invocationsByRole.collectMetrics ?? 0;
  const slaChecks = withFeedback.invocationsByRole.checkFeedbackSla ?? 0;
  // Lambda's billed time is timed on this machine and grows with its load; the rest is counted.
  const timed = timedLambdaCost(withFeedback);
  return `**With feedback collection on** (${FEEDBACK_LIFECYCLE}: ${replies} replies a post, arriving over its
first 48 hours, each read by every round until recorded once), a full lifecycle costs
**${usd(withFeedback.cost.total)}** per 1,000 posts, ${usd(Math.abs(goal - withFeedback.cost.total))} ${verdict} the goal (of it, ${usd(timed)} is Lambda's
billed time as timed on this machine, which grows with its load; the other ${usd(withFeedback.cost.total - timed)} is counted):
${usd(added)} more than without replies (DynamoDB ${usd(withFeedback.cost.dynamoDb - full.cost.dynamoDb)}, EventBridge
${usd(withFeedback.cost.eventBridge - full.cost.eventBridge)}, Scheduler ${usd(withFeedback.cost.scheduler - full.cost.scheduler)}, Lambda ${usd(withFeedback.cost.lambda - full.cost.lambda)}). Each reply recorded adds about
${usd(perReply)} per 1,000 posts: its record (and its \`calendar\` index write) and text, stored with the other new
items of its round in one transaction that moves the hour's and the post's counts once, \`Feedback Recorded\`, the
round's spike check, a batch read a channel in each later round, and for a category with a response target its
reminder and escalation (two schedules, two invocations, each a conditional write and an outbox item, two
events: ${slaChecks.toFixed(1)} checks a post here). So the goal's headroom holds about ${perReply > 0 ? Math.floor(headroom / perReply) : 0} replies a post. Collection is
on by default, so both rows pay the ${early} feedback-only collections of the first 48 hours (one-time schedules between
the rounds at ${SIX_ROUNDS.filter((h) => h <= 48).join(', ')} hours): CollectMetrics runs ${collections.toFixed(1)} times a post, ${SIX_ROUNDS.length} rounds and
${early} early collections, each a scheduled invocation counted above. The author key is read from Secrets Manager
once per container, not per reply.`;
}
