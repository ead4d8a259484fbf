import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScheduleHours } from '../../functions/domain/metrics.js';
import {
  MAX_METRICS_ROUND_HOURS,
  parseMetricsScheduleHours,
} from '../../functions/domain/metrics-schedule.js';

const schedules = fc
  .uniqueArray(fc.integer({ min: 1, max: MAX_METRICS_ROUND_HOURS }), { minLength: 1, maxLength: 10 })
  .map((hours) => hours.sort((a, b) => a - b));

describe('one metrics-hours parser for the stack and RecordPublication', () => {
  it('reads in the function what the stack wrote to METRICS_SCHEDULE_HOURS', () => {
    fc.assert(
      fc.property(schedules, (hours) => {
        // Act
        const deployed = parseMetricsScheduleHours(hours).join(',');

        // Assess
        expect(parseScheduleHours(deployed)).toEqual(hours);
      }),
    );
  });

  it('names the variable and the rule when the function is given a schedule the stack refuses', () => {
    // Act
    const attempt = () => parseScheduleHours('24,1');

    // Assess
    expect(attempt).toThrow(/^METRICS_SCHEDULE_HOURS: .*\(increasing\)$/);
  });

  it('plans no round for an empty schedule and the default rounds for none', () => {
    // Act
    const empty = parseScheduleHours('');
    const unset = parseScheduleHours(undefined);

    // Assess
    expect(empty).toEqual([]);
    expect(unset).toEqual([1, 24, 72]);
  });
});
