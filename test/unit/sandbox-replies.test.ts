import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EARLY_FEEDBACK_HOURS, simulatedReplies } from '../../functions/domain/feedback.js';

const publishedAt = '2030-01-01T00:00:00.000Z';
const hoursAfter = (hours: number) => new Date(Date.parse(publishedAt) + hours * 3_600_000).toISOString();

describe("the sandbox's simulated replies", () => {
  it('all arrive within the first 48 hours, and each read shows what the earlier one did, and more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (count, firstHours, laterHours) => {
          // Prepare
          const [early, late] = [firstHours, laterHours].sort((a, b) => a - b) as [number, number];

          // Act
          const first = simulatedReplies('p1', publishedAt, hoursAfter(early), count);
          const later = simulatedReplies('p1', publishedAt, hoursAfter(late), count);
          const settled = simulatedReplies('p1', publishedAt, hoursAfter(EARLY_FEEDBACK_HOURS), count);

          // Assess
          expect(later.slice(0, first.length)).toEqual(first);
          expect(settled).toHaveLength(count);
          expect(new Set(settled.map((r) => r.platformId)).size).toBe(count);
        },
      ),
    );
  });
});
