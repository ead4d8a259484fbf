import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Period, parsePeriod, periodAt } from '../../functions/domain/periods.js';
import {
  reportCadences,
  reportScheduleName,
  scheduledReportPeriod,
} from '../../functions/domain/report-schedules.js';

const zones = ['UTC', 'Europe/Paris', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Auckland'];

describe('scheduled reports', () => {
  it('cover the last whole week or month that ended before the firing, in the brand zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
        fc.constantFrom(...reportCadences),
        fc.constantFrom(...zones),
        (scheduledAt, cadence, timeZone) => {
          // Act
          const label = scheduledReportPeriod(scheduledAt, cadence, timeZone);
          // Assess
          const period = parsePeriod(label, timeZone) as Period;
          expect(period.kind).toBe(cadence);
          expect(period.end).toBeLessThanOrEqual(scheduledAt);
          // The period after it has not ended yet: it is the last whole one.
          expect(periodAt(period.end, cadence, timeZone).end).toBeGreaterThan(scheduledAt);
        },
      ),
    );
  });

  it('report on the week and month before the usual firings', () => {
    // Act
    const weekly = scheduledReportPeriod(Date.parse('2026-11-30T05:00:00Z'), 'week', 'Europe/Paris');
    const monthly = scheduledReportPeriod(Date.parse('2026-11-30T22:00:00Z'), 'month', 'Asia/Shanghai');
    const newYear = scheduledReportPeriod(Date.parse('2027-01-04T05:00:00Z'), 'week', 'Europe/Paris');
    // Assess
    expect([weekly, monthly, newYear]).toEqual(['2026-W48', '2026-11', '2026-W53']);
  });

  it('name each brand and cadence apart within Scheduler’s 64 characters', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        (a, b) => {
          // Act
          const names = reportCadences.flatMap((cadence) => [
            reportScheduleName(a, cadence),
            reportScheduleName(b, cadence),
          ]);
          // Assess
          for (const name of names) expect(name).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
          if (a !== b) expect(new Set(names).size).toBe(4);
        },
      ),
    );
  });
});
