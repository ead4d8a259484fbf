import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_METRICS_ROUND_HOURS } from '../../functions/domain/metrics-schedule.js';
import {
  checkSchedule,
  LATEST_SCHEDULE_AFTER_START_MS,
  MIN_LEAD_MS,
  timeZoneProblem,
} from '../../functions/domain/submission.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

describe('the schedule rules', () => {
  it('accepts exactly the date-times that exist: a value that does not round-trip is refused', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 2030, max: 2030 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 25 }),
          minute: fc.integer({ min: 0, max: 61 }),
        }),
        ({ year, month, day, hour, minute }) => {
          const written = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00Z`;
          const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
          const exists =
            month >= 1 &&
            month <= 12 &&
            date.getUTCMonth() === month - 1 &&
            date.getUTCDate() === day &&
            hour <= 23 &&
            minute <= 59;
          const answer = checkSchedule(written, NOW - 86_400_000, NOW + 60 * 86_400_000);
          if (exists) expect(answer).toEqual({ ms: date.getTime() });
          else expect(answer).toMatchObject({ problem: { field: 'scheduledAt', rule: 'rfc3339' } });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts a time from a minute ahead to the latest its execution can wait for, and refuses either side', () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400_000, max: 400 * 86_400_000 }), (ahead) => {
        const at = new Date(NOW + ahead).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const ms = Date.parse(at);
        const answer = checkSchedule(at, NOW);
        if (ms < NOW + MIN_LEAD_MS) expect(answer).toMatchObject({ problem: { rule: 'in-future' } });
        else if (ms > NOW + LATEST_SCHEDULE_AFTER_START_MS) {
          expect(answer).toMatchObject({ problem: { rule: 'within-one-year' } });
        } else expect(answer).toEqual({ ms });
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the execution’s year room for publishing and the last metric round', () => {
    // Assess
    const year = 365 * 86_400_000;
    expect(LATEST_SCHEDULE_AFTER_START_MS + MAX_METRICS_ROUND_HOURS * 3_600_000).toBeLessThan(year);
  });

  it('takes IANA time zones and refuses UTC offsets, which have no daylight saving rules', () => {
    // Act
    const refused = ['+01:00', 'UTC+1', 'GMT-05:00', '-0500', 'Mars/Olympus', 'x'.repeat(100)].map(
      timeZoneProblem,
    );
    const accepted = ['Europe/Paris', 'Asia/Shanghai', 'UTC', 'America/Argentina/Buenos_Aires'].map(
      timeZoneProblem,
    );
    // Assess
    expect(refused.map((p) => p?.rule)).toEqual(Array(6).fill('iana-time-zone'));
    expect(accepted).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('is described in docs/lifecycle.md with the figures the code enforces', () => {
    // Act
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'lifecycle.md'), 'utf8');
    // Assess
    expect(doc).toContain(
      `${Math.floor(LATEST_SCHEDULE_AFTER_START_MS / 86_400_000)} days after its execution started`,
    );
    expect(doc).toContain(`${MAX_METRICS_ROUND_HOURS} hours`);
  });
});
