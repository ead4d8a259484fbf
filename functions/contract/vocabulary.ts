/*
 * Closed word lists the events carry, defined with the contract so its schemas need nothing
 * from the domain; the domain rules that produce these words import them from here.
 */

/** What a policy check concludes, in the words `Policy Checked` and the lifecycle log carry. */
export const POLICY_OUTCOMES = ['pass', 'warn', 'block'] as const;

/** What a feedback item is about, as the brand's triage rules decide (functions/domain/feedback-triage.ts). */
export const feedbackCategories = [
  'crisis_risk',
  'complaint',
  'question',
  'praise',
  'spam',
  'other',
] as const;
