import type { FeedbackCategory, FeedbackSettings } from './feedback.js';
import { termFinder } from './policy-text.js';

/**
 * Built-in triage terms per category, in English and Chinese. A brand adds its own in its
 * profile (`feedback.terms`) or replaces these (`feedback.replaceDefaultTerms`).
 */
export const defaultTriageTerms: Readonly<Record<Exclude<FeedbackCategory, 'other'>, readonly string[]>> = {
  crisis_risk: [
    'lawsuit',
    'sue you',
    'lawyer',
    'boycott',
    'food poisoning',
    'injured',
    'fire hazard',
    'data breach',
    'hacked',
    'recall',
    'scam',
    '起诉',
    '律师',
    '抵制',
    '食物中毒',
    '受伤',
    '泄露',
    '诈骗',
    '召回',
  ],
  spam: [
    'crypto giveaway',
    'dm me',
    'free followers',
    'click my link',
    'earn money fast',
    '加微信',
    '刷粉',
    '代刷',
  ],
  complaint: [
    'refund',
    'broken',
    'not working',
    "doesn't work",
    'terrible',
    'worst',
    'disappointed',
    'still waiting',
    'never arrived',
    'rude',
    '退款',
    '投诉',
    '坏了',
    '太差',
    '失望',
    '还没收到',
    '垃圾',
  ],
  question: [
    'how do i',
    'how can i',
    'when will',
    'where can',
    'is there',
    'does it',
    '请问',
    '怎么',
    '如何',
    '什么时候',
    '吗',
  ],
  praise: [
    'love',
    'thank you',
    'thanks',
    'great',
    'awesome',
    'amazing',
    'well done',
    '喜欢',
    '谢谢',
    '太棒',
    '很好',
    '赞',
  ],
};

/** Which rule placed an item in its category: a term of a list, the question mark, or none. */
export interface TriageRule {
  kind: 'term' | 'question-mark' | 'none';
  /** The term as the list holds it, for `term`. */
  term?: string;
  /** Whether the term came from the brand's profile rather than the built-in list. */
  fromProfile?: boolean;
}

export interface Triage {
  category: FeedbackCategory;
  rule: TriageRule;
}

/** The order categories are tried in: the most urgent wins when several match. */
const precedence: readonly Exclude<FeedbackCategory, 'other'>[] = [
  'crisis_risk',
  'spam',
  'complaint',
  'question',
  'praise',
];
const questionMark = /[?？]\s*$|[?？](?=\s)/u;

/**
 * Classifies one feedback text with the brand's lists. Text and terms are folded as the
 * policy engine folds them (case, full-width letters, look-alikes, hidden characters), terms
 * in scripts written without spaces match inside words, and the first category in
 * {@link precedence} with a match wins; a text ending a sentence with `?` or `？` is a question
 * when nothing more urgent matched.
 *
 * @example
 * ```ts
 * classifyFeedback('我要退款！', settings); // { category: 'complaint', rule: { kind: 'term', term: '退款', fromProfile: false } }
 * classifyFeedback('Does it ship to Lyon?', settings).category; // 'question'
 * ```
 */
export function classifyFeedback(
  text: string,
  settings: Pick<FeedbackSettings, 'terms' | 'replaceDefaultTerms'>,
): Triage {
  const finder = termFinder(text);
  for (const category of precedence) {
    const own = settings.terms[category] ?? [];
    for (const term of own) {
      if (finder.find(term)) return { category, rule: { kind: 'term', term, fromProfile: true } };
    }
    if (!settings.replaceDefaultTerms) {
      for (const term of defaultTriageTerms[category]) {
        if (finder.find(term)) return { category, rule: { kind: 'term', term, fromProfile: false } };
      }
    }
    if (category === 'question' && questionMark.test(text)) {
      return { category, rule: { kind: 'question-mark' } };
    }
  }
  return { category: 'other', rule: { kind: 'none' } };
}
