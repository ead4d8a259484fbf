import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessHours, businessMsBetween } from '../../functions/domain/business-hours.js';
import { REMINDER_SHARE, reminderAtOf, slaClockOf } from '../../functions/domain/feedback-sla.js';
import { paris } from '../support/calendar-fixtures.js';
import { HOUR } from '../support/fixtures.js';

const zones = ['Europe/Paris', 'America/New_York', 'Asia/Shanghai', 'Australia/Sydney', 'UTC'];
const calendars = fc.record({
  timeZone: fc.constantFrom(...zones),
  workingHours: fc
    .record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      start: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ days, start, length }) => ({ days, start, end: start + length })),
  holidays: fc.constant([] as string[]),
});
const instants = fc.integer({
  min: Date.parse('2026-01-01T00:00:00Z'),
  max: Date.parse('2027-12-31T00:00:00Z'),
});

describe('the SLA clock of an open item', () => {
  it('reminds on Monday 11:00 for a Friday 17:00 complaint due Monday 12:00 in Paris, across the DST change', () => {
    // Prepare
    const written = Date.parse('2026-03-27T16:00:00Z');
    const due = Date.parse('2026-03-30T10:00:00Z');

    // Act
    const reminder = reminderAtOf(written, due, paris);

    // Assess: Monday 30 March, 11:00 in Paris (UTC+2 since Sunday).
    expect(reminder).toBe(Date.parse('2026-03-30T09:00:00Z'));
  });

  it('counts the business time left, not the weekend, and the business time overdue after dueAt', () => {
    // Prepare
    const due = '2026-03-30T10:00:00Z';

    // Act
    const friday = slaClockOf(due, Date.parse('2026-03-27T16:00:00Z'), paris);
    const mondayAfternoon = slaClockOf(due, Date.parse('2026-03-30T12:30:00Z'), paris);

    // Assess
    expect(friday).toEqual({
      dueAt: due,
      overdue: false,
      businessSecondsLeft: 4 * 3600,
      overdueBusinessSeconds: 0,
    });
    expect(mondayAfternoon).toEqual({
      dueAt: due,
      overdue: true,
      businessSecondsLeft: 0,
      overdueBusinessSeconds: 2.5 * 3600,
    });
  });

  it('always reminds after the item was written and no later than it is due, with a quarter of the target left', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 40 }), (calendar, written, hours) => {
        // Prepare
        const due = addBusinessHours(written, hours, calendar);
        fc.pre(due !== undefined);
        const dueAt = due as number;

        // Act
        const reminder = reminderAtOf(written, dueAt, calendar);

        // Assess
        expect(reminder).toBeGreaterThanOrEqual(written);
        expect(reminder).toBeLessThanOrEqual(dueAt);
        const left = businessMsBetween(reminder, dueAt, calendar);
        expect(Math.abs(left - hours * HOUR * (1 - REMINDER_SHARE))).toBeLessThan(1000);
      }),
    );
  });

  it('is overdue exactly from dueAt on, and never shows time left and overdue together', () => {
    fc.assert(
      fc.property(calendars, instants, instants, (calendar, due, now) => {
        // Act
        const clock = slaClockOf(new Date(due).toISOString(), now, calendar);

        // Assess
        expect(clock.overdue).toBe(now >= due);
        expect(clock.businessSecondsLeft === 0 || clock.overdueBusinessSeconds === 0).toBe(true);
        expect(clock.businessSecondsLeft).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
