import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedParts } from '../../functions/domain/periods.js';
import { type CronSchedule, nextCronTime, parseCron } from '../../local/scheduler-cron.js';

const MINUTE = 60_000;

const parsed = (expression: string, timeZone: string) => parseCron(expression, timeZone) as CronSchedule;

/** Whether a minute's wall clock in the zone satisfies the fields: read field by field, independently. */
function wallClockMatches(schedule: CronSchedule, ms: number): boolean {
  const p = zonedParts(ms, schedule.timeZone);
  const awsWeekday = (p.weekday % 7) + 1; // zonedParts: 1 = Monday ... 7 = Sunday; AWS: 1 = Sunday
  const ok = (allowed: number[] | 'any', v: number) => allowed === 'any' || allowed.includes(v);
  return (
    ms % MINUTE === 0 &&
    schedule.minutes.includes(p.minute) &&
    schedule.hours.includes(p.hour) &&
    schedule.months.includes(p.month) &&
    ok(schedule.daysOfMonth, p.day) &&
    ok(schedule.daysOfWeek, awsWeekday) &&
    ok(schedule.years, p.year)
  );
}

describe("the twin's cron() schedules", () => {
  it('fire next at the first minute after the given instant whose wall clock the fields name', () => {
    const expressions = [
      'cron(0 6 ? * MON *)',
      'cron(0 6 1 * ? *)',
      'cron(*/20 9-17 ? * MON-FRI *)',
      'cron(30 2 ? * SUN *)',
      'cron(15 0,12 10-12 * ? *)',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...expressions),
        fc.constantFrom('UTC', 'Europe/Paris', 'Asia/Shanghai', 'America/New_York'),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        (expression, timeZone, after) => {
          // Prepare
          const schedule = parsed(expression, timeZone);
          // Act
          const next = nextCronTime(schedule, after) as number;
          // Assess: it matches, and no minute between names a time it would have fired at.
          expect(next).toBeGreaterThan(after);
          expect(wallClockMatches(schedule, next)).toBe(true);
          for (let m = Math.floor(after / MINUTE + 1) * MINUTE; m < next; m += MINUTE) {
            if (wallClockMatches(schedule, m) && m > after)
              expect.fail(`${new Date(m).toISOString()} was skipped`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("fire on Monday 06:00 in the brand's zone across a DST change", () => {
    // Prepare: Paris leaves summer time on Sunday 2026-10-25.
    const weekly = parsed('cron(0 6 ? * MON *)', 'Europe/Paris');
    // Act
    const before = nextCronTime(weekly, Date.parse('2026-10-15T00:00:00Z'));
    const after = nextCronTime(weekly, Date.parse('2026-10-22T00:00:00Z'));
    // Assess
    expect(new Date(before as number).toISOString()).toBe('2026-10-19T04:00:00.000Z');
    expect(new Date(after as number).toISOString()).toBe('2026-10-26T05:00:00.000Z');
  });

  it('skips a wall-clock time the spring DST change leaves out that day', () => {
    // Prepare: 02:30 does not exist in Paris on 2026-03-29.
    const nightly = parsed('cron(30 2 * * ? *)', 'Europe/Paris');
    // Act
    const next = nextCronTime(nightly, Date.parse('2026-03-28T02:00:00Z'));
    // Assess
    expect(new Date(next as number).toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it.each([
    ['cron(0 6 L * ? *)', 'L, W and # are not supported locally'],
    ['cron(0 6 ? * 2#1 *)', 'L, W and # are not supported locally'],
    ['cron(0 6 * * MON *)', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 24 ? * MON *)', "hours '24' must be 0 to 23"],
    ['cron(0 6 ? * MON)', 'must be cron(minutes hours day-of-month month day-of-week year)'],
  ])('refuses %s naming the rule', (expression, rule) => {
    // Act
    const result = parseCron(expression, 'UTC');
    // Assess
    expect(result).toEqual({ problem: expect.stringContaining(rule) });
  });
});
