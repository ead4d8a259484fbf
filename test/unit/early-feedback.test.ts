import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EARLY_FEEDBACK_CHECK_HOURS,
  EARLY_FEEDBACK_HOURS,
  earlyFeedbackChecks,
} from '../../functions/domain/feedback.js';
import { metricsRounds } from '../../functions/domain/metrics.js';
import {
  DEFAULT_METRICS_SCHEDULE_HOURS,
  earlyFeedbackScheduleName,
  MAX_METRICS_ROUND_HOURS,
  metricsScheduleName,
} from '../../functions/domain/metrics-schedule.js';

const HOUR = 3_600_000;
const publishedAt = '2030-01-01T09:00:00Z';
const published = Date.parse(publishedAt);
const schedules = fc
  .uniqueArray(fc.integer({ min: 1, max: MAX_METRICS_ROUND_HOURS }), { minLength: 1, maxLength: 10 })
  .map((hours) => hours.sort((a, b) => a - b));

describe('early feedback-only collections in the first 48 hours', () => {
  it('fills the gaps of the default rounds: hourly to 6 h, then every 6 h to 48 h, skipping the rounds at 1 h and 24 h', () => {
    // Prepare
    const rounds = metricsRounds(publishedAt, DEFAULT_METRICS_SCHEDULE_HOURS);

    // Act
    const checks = earlyFeedbackChecks(publishedAt, rounds, published);

    // Assess
    expect(checks.map((c) => c.hour)).toEqual([2, 3, 4, 5, 6, 12, 18, 30, 36, 42, 48]);
    expect(checks.map((c) => c.round)).toEqual([2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(checks[0]?.at).toBe('2030-01-01T11:00:00Z');
  });

  it('plans only checks still ahead, within 48 h, before the last round and never at a round', () => {
    fc.assert(
      fc.property(schedules, fc.integer({ min: 0, max: 60 }), (hours, hoursSince) => {
        // Prepare
        const rounds = metricsRounds(publishedAt, hours);
        const now = published + hoursSince * HOUR;

        // Act
        const checks = earlyFeedbackChecks(publishedAt, rounds, now);

        // Assess
        const roundTimes = rounds.map((r) => Date.parse(r.at));
        for (const check of checks) {
          const at = Date.parse(check.at);
          expect(at).toBe(published + check.hour * HOUR);
          expect(check.hour).toBeLessThanOrEqual(EARLY_FEEDBACK_HOURS);
          expect(at).toBeGreaterThan(now);
          expect(roundTimes).not.toContain(at);
          // Its round is the first one after it.
          expect(roundTimes.find((t) => t > at)).toBe(Date.parse(rounds[check.round - 1]?.at ?? ''));
        }
        const expected = EARLY_FEEDBACK_CHECK_HOURS.filter((h) => {
          const at = published + h * HOUR;
          return at > now && !roundTimes.includes(at) && roundTimes.some((t) => t > at);
        });
        expect(checks.map((c) => c.hour)).toEqual(expected);
      }),
    );
  });

  it('names each check once per execution and hour, within 64 allowed characters, apart from the rounds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (executionName) => {
        // Act
        const names = EARLY_FEEDBACK_CHECK_HOURS.map((h) => earlyFeedbackScheduleName(executionName, h));

        // Assess
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
        expect(names).not.toContain(metricsScheduleName(executionName, 1));
        expect(earlyFeedbackScheduleName(executionName, 2)).toBe(earlyFeedbackScheduleName(executionName, 2));
      }),
    );
  });
});
