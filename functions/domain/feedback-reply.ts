import type { BrandProfile } from './brand.js';
import { effectivePolicy } from './brand.js';
import type { InputProblem } from './errors.js';
import type { FeedbackCategory, FeedbackSettings } from './feedback.js';
import { evaluatePolicy, type PolicyResult } from './policy.js';
import { contentHash } from './submission.js';

/*
 * Replying to feedback: what a reply must pass before it may go out, and who must approve it.
 * Plain rules: no AWS.
 */

/** Where a reply stands: waiting for an approver, refused by one, on its way, out, or failed for good. */
export const replyStatuses = ['pending_approval', 'approved', 'rejected', 'sent', 'failed'] as const;
export type ReplyStatus = (typeof replyStatuses)[number];

/** The longest reply text read at all, in UTF-16 code units: past every platform's limit. */
export const MAX_REPLY_TEXT_LENGTH = 10_000;

/**
 * The hash an approval binds to: the reply's text on its channel, hashed as post content is
 * (functions/domain/submission.ts), so an approver approves exactly the text they saw and an
 * edit voids the approval.
 *
 * @example
 * ```ts
 * replyContentHash('mastodon', 'Sorry, a refund is on its way.'); // 64 hex characters
 * ```
 */
export function replyContentHash(channel: string, text: string): string {
  return contentHash({ contentType: 'text', content: { [channel]: { text } } });
}

/**
 * The brand policy's verdict on a reply: the same engine and rules posts go through, on the
 * reply's channel; cadence rules do not apply (a reply is no post on the calendar).
 *
 * @example
 * ```ts
 * replyPolicy(brand, 'acme.0123456789abcdef01234567', 'mastodon', 'Guaranteed results!', Date.now()).outcome; // 'block'
 * ```
 */
export function replyPolicy(
  brand: BrandProfile,
  feedbackId: string,
  channel: string,
  text: string,
  now: number,
): PolicyResult {
  return evaluatePolicy({
    post: {
      postId: feedbackId,
      content: { [channel]: { text } },
      scheduledAt: new Date(now).toISOString(),
      timeZone: brand.timeZone,
    },
    policy: effectivePolicy(brand),
    policyVersion: brand.version ?? 1,
    altLanguage: brand.language,
  });
}

/**
 * The problems of a policy result that stop a reply: its blocking findings, each naming the
 * rule (never quoting the text).
 *
 * @example
 * ```ts
 * policyProblems(result); // [{ field: 'text', rule: 'brand-policy', message: 'banned-term: uses a term the brand never allows: "cheap"' }]
 * ```
 */
export function policyProblems(result: PolicyResult): InputProblem[] {
  return result.findings
    .filter((finding) => finding.severity === 'block')
    .map((finding) => ({
      field: 'text',
      rule: 'brand-policy',
      message: `${finding.rule}: ${finding.message}`,
    }));
}

/**
 * Whether a reply waits for an approver: its feedback's category is in the brand's
 * `replyApproval`, or the policy warned about its text (a person looks before it goes out).
 *
 * @example
 * ```ts
 * replyNeedsApproval('complaint', settings, 'pass'); // true with the default settings
 * replyNeedsApproval('question', settings, 'pass'); // false
 * ```
 */
export function replyNeedsApproval(
  category: FeedbackCategory,
  settings: Pick<FeedbackSettings, 'replyApproval'>,
  policyOutcome: PolicyResult['outcome'],
): boolean {
  return settings.replyApproval.includes(category) || policyOutcome === 'warn';
}

/**
 * Seconds from when the person wrote to when the brand's reply went out: the measured
 * first-response time, never negative.
 *
 * @example
 * ```ts
 * responseSeconds('2030-01-01T09:00:00Z', '2030-01-01T09:30:00Z'); // 1800
 * ```
 */
export function responseSeconds(createdAt: string, repliedAt: string): number {
  return Math.max(0, Math.round((Date.parse(repliedAt) - Date.parse(createdAt)) / 1000));
}
