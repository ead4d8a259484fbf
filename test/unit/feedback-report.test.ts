import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FeedbackCategory, feedbackCategories } from '../../functions/domain/feedback.js';
import {
  type FeedbackFacts,
  isSlaBreach,
  summarizeFeedback,
} from '../../functions/domain/feedback-report.js';
import { type Period, parsePeriod } from '../../functions/domain/periods.js';
import { buildReport } from '../../functions/domain/report.js';
import { percentile } from '../../functions/domain/statistics.js';
import { parseBrandProfile } from '../../functions/persistence/brands.js';
import { renderReport } from '../../functions/reports/render.js';
import { auroraTea } from '../support/brand-fixtures.js';

const november = parsePeriod('2026-11', 'Europe/Paris') as Period;
const afterNovember = Date.parse('2026-12-01T06:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A feedback record written inside November (Paris), answered or not, on time or not. */
const feedbackInNovember = fc
  .record({
    category: fc.constantFrom(...feedbackCategories),
    writtenAt: fc.integer({ min: november.start, max: november.end - 1 }),
    dueAfterSeconds: fc.option(fc.integer({ min: 60, max: 7 * 86_400 }), { nil: undefined }),
    respondedAfterSeconds: fc.option(fc.integer({ min: 1, max: 14 * 86_400 }), { nil: undefined }),
    escalated: fc.boolean(),
  })
  .map(({ category, writtenAt, dueAfterSeconds, respondedAfterSeconds, escalated }) => {
    const facts: FeedbackFacts = { category, createdAt: iso(writtenAt) };
    if (dueAfterSeconds !== undefined) facts.dueAt = iso(writtenAt + dueAfterSeconds * 1000);
    if (respondedAfterSeconds !== undefined) {
      facts.firstResponseAt = iso(writtenAt + respondedAfterSeconds * 1000);
      facts.responseSeconds = respondedAfterSeconds;
    }
    if (escalated && facts.dueAt && !facts.firstResponseAt) facts.escalatedAt = facts.dueAt;
    return facts;
  });

describe('first-response percentiles', () => {
  it('are values of the sample with at least p percent of it at or below, p50 never above p90', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }),
        (seconds) => {
          // Act
          const p50 = percentile(seconds, 50);
          const p90 = percentile(seconds, 90);

          // Assess
          expect(seconds).toContain(p50);
          expect(seconds).toContain(p90);
          expect(p50).toBeLessThanOrEqual(p90);
          expect(seconds.filter((s) => s <= p50).length / seconds.length).toBeGreaterThanOrEqual(0.5);
          expect(seconds.filter((s) => s <= p90).length / seconds.length).toBeGreaterThanOrEqual(0.9);
          // Nearest rank: fewer than p percent lie strictly below.
          expect(seconds.filter((s) => s < p90).length / seconds.length).toBeLessThan(0.9);
        },
      ),
    );
  });

  it('does not depend on the order the records are read in', () => {
    const readTwice = fc
      .array(feedbackInNovember, { maxLength: 60 })
      .chain((records) =>
        fc.tuple(
          fc.constant(records),
          fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
        ),
      );
    fc.assert(
      fc.property(readTwice, ([records, shuffled]) => {
        // Act
        const read = summarizeFeedback(records, [], november, afterNovember);
        const reordered = summarizeFeedback(shuffled, [], november, afterNovember);

        // Assess
        expect(reordered).toEqual(read);
      }),
    );
  });
});

describe('feedback volume and SLA breaches of a period', () => {
  it('counts every item of the period in exactly one category, and only those', () => {
    fc.assert(
      fc.property(
        fc.array(feedbackInNovember, { maxLength: 80 }),
        fc.array(fc.integer({ min: november.end, max: november.end + 30 * 86_400_000 }), { maxLength: 10 }),
        (inside, laterTimes) => {
          // Prepare: items written after the period are read too (a wider read) and must not count.
          const later = laterTimes.map(
            (at): FeedbackFacts => ({ category: 'complaint', createdAt: iso(at) }),
          );

          // Act
          const { all, byCategory } = summarizeFeedback([...inside, ...later], [], november, afterNovember);

          // Assess
          expect(all.items).toBe(inside.length);
          expect(byCategory.map((c) => c.category)).toEqual([...feedbackCategories]);
          expect(byCategory.reduce((sum, c) => sum + c.group.items, 0)).toBe(all.items);
          for (const category of feedbackCategories) {
            const group = byCategory.find((c) => c.category === category)?.group;
            expect(group?.items).toBe(inside.filter((r) => r.category === category).length);
          }
          expect(all.responded).toBe(inside.filter((r) => r.firstResponseAt).length);
          expect(all.firstResponseP50.sample).toBe(all.responded);
          expect(all.breaches).toBeLessThanOrEqual(all.withSla);
          expect(all.unanswered).toBeLessThanOrEqual(all.breaches);
          expect(all.escalated).toBeLessThanOrEqual(all.breaches);
        },
      ),
    );
  });

  it('counts a breach for a late answer, an answer never given once due has passed, and an escalation', () => {
    // Prepare
    const createdAt = '2026-11-03T09:00:00Z';
    const dueAt = '2026-11-03T13:00:00Z';
    const at = (text: string) => Date.parse(text);
    const late: FeedbackFacts = {
      category: 'complaint',
      createdAt,
      dueAt,
      firstResponseAt: '2026-11-03T14:00:00Z',
    };
    const onTime: FeedbackFacts = {
      category: 'complaint',
      createdAt,
      dueAt,
      firstResponseAt: '2026-11-03T12:59:00Z',
    };
    const open: FeedbackFacts = { category: 'question', createdAt, dueAt };
    const noSla: FeedbackFacts = { category: 'praise', createdAt };

    // Act
    const breaches = [
      isSlaBreach(late, at('2026-11-03T15:00:00Z')),
      isSlaBreach(onTime, at('2026-11-30T00:00:00Z')),
      isSlaBreach(open, at('2026-11-03T12:00:00Z')),
      isSlaBreach(open, at('2026-11-03T13:00:00Z')),
      isSlaBreach({ ...open, escalatedAt: dueAt }, at('2026-11-03T13:00:00Z')),
      isSlaBreach(noSla, at('2026-12-30T00:00:00Z')),
    ];

    // Assess
    expect(breaches).toEqual([true, false, false, true, true, false]);
  });
});

describe('feedback in the analysis report', () => {
  const brand = (language: 'en' | 'zh-CN') => parseBrandProfile(auroraTea({ brandId: 'aurora', language }));
  const complaint = (day: number, responseMinutes?: number, dueHours = 4): FeedbackFacts => {
    const createdAt = `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    const written = Date.parse(createdAt);
    return {
      category: 'complaint' as FeedbackCategory,
      createdAt,
      dueAt: iso(written + dueHours * 3_600_000),
      ...(responseMinutes === undefined
        ? {}
        : {
            firstResponseAt: iso(written + responseMinutes * 60_000),
            responseSeconds: responseMinutes * 60,
          }),
    };
  };
  // Hand-computed: four complaints answered in 30, 90, 200 and 300 minutes (p50 90 min, p90
  // 300 min), two of them after their 4-hour due time, and one never answered; two questions
  // without an answer yet, one praise; one spike on 3 November 15:00 Paris.
  const records: FeedbackFacts[] = [
    complaint(2, 30),
    complaint(3, 90),
    complaint(4, 300),
    complaint(5, 200, 3),
    complaint(6),
    { category: 'question', createdAt: '2026-11-10T10:00:00.000Z', dueAt: '2026-11-10T18:00:00.000Z' },
    { category: 'question', createdAt: '2026-11-30T22:00:00.000Z', dueAt: '2026-12-01T16:00:00.000Z' },
    { category: 'praise', createdAt: '2026-11-12T10:00:00.000Z' },
  ];
  const spikes = [{ hour: '2026-11-03T14:00:00Z', urgentInHour: 9, baselinePerHour: 0.5 }];

  it('shows volume by category, first-response p50 and p90, SLA breaches and spikes in Markdown', () => {
    // Act
    const model = buildReport(brand('en'), november, [], afterNovember, { records, spikes });
    const { body } = renderReport(model, 'md');

    // Assess
    expect(body).toContain('## Feedback');
    expect(body).toContain(
      '| Category | Items | Responded | First response p50 | First response p90 | With SLA | SLA breaches | Still unanswered | Escalated |',
    );
    // All: 8 items, 4 responded (30, 90, 200, 300 min), 7 with an SLA; breaches: 300 min and
    // 200 min against 3 h, the unanswered complaint and the question of the 10th (the 30th is not due yet).
    expect(body).toContain('| All | 8 | 4 | 1 h 30 min | 5 h 00 min | 7 | 4 | 2 | 0 |');
    expect(body).toContain('| Complaint | 5 | 4 | 1 h 30 min | 5 h 00 min | 5 | 3 | 1 | 0 |');
    expect(body).toContain(
      '| Praise | 1 | 0 | not available (no data) | not available (no data) | 0 | 0 | 0 | 0 |',
    );
    expect(body).toContain('| 2026-11-03 15:00 | 9 | 0.50 |');
  });

  it('writes the raw figures in CSV: seconds, counts and each spike hour in UTC', () => {
    // Act
    const { body } = renderReport(
      buildReport(brand('en'), november, [], afterNovember, { records, spikes }),
      'csv',
    );

    // Assess: one CSV row per figure
    for (const row of [
      'aurora,2026-11,feedback,all,items,8,8,',
      'aurora,2026-11,feedback,complaint,first_response_p50_seconds,5400,4,',
      'aurora,2026-11,feedback,complaint,first_response_p90_seconds,18000,4,',
      'aurora,2026-11,feedback,all,sla_breaches,4,7,',
      'aurora,2026-11,feedback,praise,first_response_p50_seconds,,0,no-data',
      'aurora,2026-11,feedback_spike,2026-11-03T14:00:00Z,urgent_in_hour,9,1,',
    ]) {
      expect(body).toContain(row);
    }
  });

  it('says so in the brand language when the period had no spike', () => {
    // Act
    const { body } = renderReport(
      buildReport(brand('zh-CN'), november, [], afterNovember, { records, spikes: [] }),
      'md',
    );

    // Assess
    expect(body).toContain('## 用户反馈');
    expect(body).toContain('| 投诉 | 5 | 4 | 1 小时 30 分钟 | 5 小时 00 分钟 | 5 | 3 | 1 | 0 |');
    expect(body).toContain('本期未检测到反馈激增。');
  });
});
