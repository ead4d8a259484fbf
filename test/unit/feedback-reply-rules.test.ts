import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedbackCategories, feedbackSettingsOf } from '../../functions/domain/feedback.js';
import {
  replyContentHash,
  replyNeedsApproval,
  responseSeconds,
} from '../../functions/domain/feedback-reply.js';

const instant = fc.integer({
  min: Date.parse('2020-01-01T00:00:00Z'),
  max: Date.parse('2040-01-01T00:00:00Z'),
});

describe('the rules of a reply to feedback', () => {
  it('measures the first response in whole seconds from writing to replying, never negative', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -3_600_000, max: 30 * 86_400_000 }), (written, delay) => {
        // Act
        const seconds = responseSeconds(
          new Date(written).toISOString(),
          new Date(written + delay).toISOString(),
        );

        // Assess
        expect(seconds).toBe(Math.max(0, Math.round(delay / 1000)));
      }),
    );
  });

  it('holds for approval exactly the categories the brand lists, and whatever the policy warns about', () => {
    fc.assert(
      fc.property(
        fc.subarray([...feedbackCategories]),
        fc.constantFrom(...feedbackCategories),
        fc.constantFrom('pass', 'warn', 'block' as const),
        (listed, category, outcome) => {
          // Prepare
          const settings = feedbackSettingsOf({ replyApproval: listed });

          // Act
          const waits = replyNeedsApproval(category, settings, outcome);

          // Assess
          expect(waits).toBe(listed.includes(category) || outcome === 'warn');
        },
      ),
    );
  });

  it('binds an approval to the exact text: any edit gives another hash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (text, edit) => {
        // Act
        const before = replyContentHash('mastodon', text);
        const after = replyContentHash('mastodon', text + edit);

        // Assess
        expect(before).toMatch(/^[0-9a-f]{64}$/);
        expect(after).not.toBe(before);
        expect(replyContentHash('mastodon', text)).toBe(before);
      }),
    );
  });
});
