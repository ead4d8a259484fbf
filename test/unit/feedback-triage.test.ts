import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brandProfileSchema } from '../../functions/domain/brand.js';
import {
  authorHash,
  feedbackSettingsOf,
  isFeedbackSpike,
  retentionExpiry,
} from '../../functions/domain/feedback.js';
import { classifyFeedback, defaultTriageTerms } from '../../functions/domain/feedback-triage.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

const defaults = feedbackSettingsOf(undefined);

describe('feedback triage', () => {
  it('reads Chinese complaints, questions and praise, naming the term that fired', () => {
    // Prepare
    const texts = ['我要退款，东西坏了', '请问什么时候发货', '太棒了，谢谢你们'];

    // Act
    const triage = texts.map((text) => classifyFeedback(text, defaults));

    // Assess
    expect(triage).toEqual([
      { category: 'complaint', rule: { kind: 'term', term: '退款', fromProfile: false } },
      { category: 'question', rule: { kind: 'term', term: '请问', fromProfile: false } },
      { category: 'praise', rule: { kind: 'term', term: '谢谢', fromProfile: false } },
    ]);
  });

  it('puts the most urgent category first when several match', () => {
    // Prepare
    const text = 'I love you guys but this is a scam and I want a refund';

    // Act
    const triage = classifyFeedback(text, defaults);

    // Assess
    expect(triage).toEqual({
      category: 'crisis_risk',
      rule: { kind: 'term', term: 'scam', fromProfile: false },
    });
  });

  it('sees through full-width letters, look-alikes and hidden characters as the policy does', () => {
    // Act
    const triage = classifyFeedback('ＲＥ\u200BＦＵＮＤ now', defaults);

    // Assess
    expect(triage.category).toBe('complaint');
  });

  it('takes a question mark as a question when no term fired', () => {
    expect(classifyFeedback('Ships to Lyon?', defaults)).toEqual({
      category: 'question',
      rule: { kind: 'question-mark' },
    });
    expect(classifyFeedback('发货到上海？', defaults).category).toBe('question');
  });

  it("uses the brand's own lists, and only them when it replaces the defaults", () => {
    // Prepare
    const own = feedbackSettingsOf({ terms: { complaint: ['缺货'] }, replaceDefaultTerms: true });

    // Act
    const mine = classifyFeedback('又缺货了', own);
    const builtIn = classifyFeedback('我要退款', own);

    // Assess
    expect(mine).toEqual({ category: 'complaint', rule: { kind: 'term', term: '缺货', fromProfile: true } });
    expect(builtIn).toEqual({ category: 'other', rule: { kind: 'none' } });
  });

  it('always finds a built-in term wherever it sits in a text, whatever surrounds it', () => {
    const categories = Object.keys(defaultTriageTerms) as (keyof typeof defaultTriageTerms)[];
    fc.assert(
      fc.property(
        fc.constantFrom(...categories),
        fc.nat(),
        fc.string({ unit: fc.constantFrom(' ', '.', '、', '!', '\n') }),
        fc.string({ unit: fc.constantFrom(' ', '.', '、', '!', '\n') }),
        (category, index, before, after) => {
          const terms = defaultTriageTerms[category];
          const term = terms[index % terms.length] ?? '';
          const triage = classifyFeedback(`${before} ${term} ${after}`, defaults);
          // A more urgent category may claim the text too, never a less urgent one.
          const order = ['crisis_risk', 'spam', 'complaint', 'question', 'praise'];
          expect(triage.rule.kind).toBe('term');
          expect(order.indexOf(triage.category)).toBeLessThanOrEqual(order.indexOf(category));
        },
      ),
    );
  });

  it('classifies every text into exactly one known category with the rule that fired', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const triage = classifyFeedback(text, defaults);
        expect(['crisis_risk', 'spam', 'complaint', 'question', 'praise', 'other']).toContain(
          triage.category,
        );
        expect(triage.rule.kind === 'none').toBe(triage.category === 'other');
      }),
    );
  });
});

describe('feedback records', () => {
  it('keep the author as a keyed hash: stable per channel, unreadable, different under another key', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^@[a-z0-9_]{1,30}$/), (handle) => {
        const hash = authorHash('key-1', 'mastodon', handle);
        expect(hash).toMatch(/^[0-9a-f]{32}$/);
        expect(hash).not.toContain(handle);
        expect(authorHash('key-1', 'mastodon', handle)).toBe(hash);
        expect(authorHash('key-2', 'mastodon', handle)).not.toBe(hash);
      }),
    );
  });

  it('keep their text 90 days unless the brand says otherwise', () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    expect(retentionExpiry(at, defaults.retentionDays)).toBe(Date.parse('2030-04-01T00:00:00Z') / 1000);
    expect(retentionExpiry(at, feedbackSettingsOf({ retentionDays: 30 }).retentionDays)).toBe(
      Date.parse('2030-01-31T00:00:00Z') / 1000,
    );
  });

  it('refuse working hours that end before they start, naming the rule', () => {
    const parsed = () => feedbackSettingsOf({ workingHours: { start: 18, end: 9 } });
    expect(parsed).toThrow(/start must be before end/);
  });
});

describe('feedback spikes', () => {
  it('never alert below the minimum, and keep alerting as the hour grows or the baseline falls', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.float({ min: 0, max: 50, noNaN: true }), (lastHour, baseline) => {
        const spike = isFeedbackSpike(lastHour, baseline, defaults.spike);
        if (lastHour < defaults.spike.minimum) expect(spike).toBe(false);
        if (spike) {
          expect(isFeedbackSpike(lastHour + 1, baseline, defaults.spike)).toBe(true);
          expect(isFeedbackSpike(lastHour, baseline / 2, defaults.spike)).toBe(true);
        }
      }),
    );
    expect(isFeedbackSpike(12, 2, defaults.spike)).toBe(true);
    expect(isFeedbackSpike(4, 0, defaults.spike)).toBe(false);
  });
});

describe('docs/feedback.md', () => {
  it('shows feedback settings a brand profile accepts, and its example complaint is triaged as it says', () => {
    // Prepare
    const doc = readFileSync(join(REPO_ROOT, 'docs/feedback.md'), 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '{}');

    // Act
    const profile = brandProfileSchema.parse({
      brandId: 'aurora',
      name: 'Aurora',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      ...example,
    });

    // Assess
    expect(profile.feedback?.retentionDays).toBe(30);
    expect(classifyFeedback('又缺货了', feedbackSettingsOf(profile.feedback))).toMatchObject({
      category: 'complaint',
      rule: { term: '缺货', fromProfile: true },
    });
  });
});
