import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  type BusinessCalendar,
  businessMsBetween,
} from '../../functions/domain/business-hours.js';
import { paris } from '../support/calendar-fixtures.js';
import { HOUR } from '../support/fixtures.js';

describe('the response clock in business hours', () => {
  it('stops over the weekend: Friday 17:00 plus 4 hours is Monday 12:00', () => {
    // Prepare: Friday 27 March 2026, 17:00 in Paris (UTC+1).
    const friday = Date.parse('2026-03-27T16:00:00Z');

    // Act
    const due = addBusinessHours(friday, 4, paris);

    // Assess: Monday 30 March, 12:00 in Paris, now UTC+2 after the weekend's DST change.
    expect(due).toBe(Date.parse('2026-03-30T10:00:00Z'));
  });

  it('skips the brand holidays in its own time zone', () => {
    // Prepare: Thursday 30 April 2026 17:00 in Shanghai; 1 May is a holiday, then the weekend.
    const shanghai: BusinessCalendar = { ...paris, timeZone: 'Asia/Shanghai', holidays: ['2026-05-01'] };
    const thursday = Date.parse('2026-04-30T09:00:00Z');

    // Act
    const due = addBusinessHours(thursday, 2, shanghai);

    // Assess: Monday 4 May, 10:00 in Shanghai.
    expect(due).toBe(Date.parse('2026-05-04T02:00:00Z'));
  });

  it('counts wall-clock hours on the day the clocks go back', () => {
    // Prepare: New York falls back on Sunday 1 November 2026; a seven-day week keeps that day.
    const newYork: BusinessCalendar = {
      timeZone: 'America/New_York',
      workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: 0, end: 24 },
      holidays: [],
    };
    const start = Date.parse('2026-11-01T04:00:00Z'); // 00:00 local, EDT

    // Act
    const dayLength = businessMsBetween(start, Date.parse('2026-11-02T05:00:00Z'), newYork);

    // Assess: that local day lasted 25 hours and all of it counts.
    expect(dayLength).toBe(25 * HOUR);
  });

  it('measures back exactly the business time it added, from any instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Shanghai', 'Australia/Sydney'),
        (from, hours, timeZone) => {
          const calendar = { ...paris, timeZone, holidays: ['2026-12-25', '2027-01-01'] };
          const due = addBusinessHours(from, hours, calendar);
          expect(due).toBeGreaterThan(from);
          expect(businessMsBetween(from, due ?? from, calendar)).toBe(hours * HOUR);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts nothing outside working hours', () => {
    // Saturday all day in Paris.
    expect(
      businessMsBetween(Date.parse('2026-03-28T00:00:00Z'), Date.parse('2026-03-28T23:00:00Z'), paris),
    ).toBe(0);
  });
});
