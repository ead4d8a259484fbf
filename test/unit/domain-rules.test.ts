import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../functions/domain/graphemes.js';
import { canMove, statusTransitions } from '../../functions/domain/lifecycle.js';
import { metricsRounds, parseScheduleHours, simulatedMetrics } from '../../functions/domain/metrics.js';
import { contentHash } from '../../functions/domain/submission.js';
import { parseOffsetTimestamp, secondsUntil } from '../../functions/domain/time.js';

describe('lifecycle transitions', () => {
  it('lets nothing leave a final status, but a retry of a failed post', () => {
    // Assess
    for (const status of ['rejected', 'cancelled', 'completed'] as const) {
      expect(statusTransitions[status]).toEqual([]);
    }
    expect(statusTransitions.failed).toEqual(['submitted']);
  });

  it('never cancels a post once publishing began', () => {
    // Assess
    expect(canMove('scheduled', 'cancelled')).toBe(true);
    expect(canMove('publishing', 'cancelled')).toBe(false);
    expect(canMove('published', 'cancelled')).toBe(false);
  });
});

describe('time rules', () => {
  it('reads an offset timestamp as the same instant in UTC', () => {
    // Assess
    expect(parseOffsetTimestamp('2030-06-01T09:00:00+02:00')).toEqual({
      ms: Date.parse('2030-06-01T07:00:00Z'),
    });
    expect(parseOffsetTimestamp('2030-06-01T09:00:00')).toEqual({ problem: 'offset' });
  });

  it('gives a review at least one second', () => {
    // Assess
    expect(secondsUntil('2030-01-01T00:00:00Z', Date.parse('2031-01-01T00:00:00Z'))).toBe(1);
  });

  it('ends a review window at or after the scheduled time, never just before it', () => {
    // Act
    const seconds = secondsUntil('2030-01-01T00:00:10Z', Date.parse('2030-01-01T00:00:00.200Z'));
    // Assess
    expect(seconds).toBe(10);
  });
});

describe('content hash', () => {
  it('ignores key order but not the text', () => {
    // Prepare
    const a = { contentType: 'text' as const, content: { x: { text: 'A' }, y: { text: 'B' } } };
    const b = { contentType: 'text' as const, content: { y: { text: 'B' }, x: { text: 'A' } } };
    // Assess
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash({ ...a, content: { x: { text: 'A!' }, y: { text: 'B' } } }));
  });
});

describe('metrics schedule and math', () => {
  it('plans rounds at the configured hours after publication', () => {
    // Act
    const rounds = metricsRounds('2030-01-01T00:00:00Z', parseScheduleHours('1, 24,72'));
    // Assess
    expect(rounds).toEqual([
      { round: 1, at: '2030-01-01T01:00:00Z' },
      { round: 2, at: '2030-01-02T00:00:00Z' },
      { round: 3, at: '2030-01-04T00:00:00Z' },
    ]);
  });

  it('refuses a schedule that is not a list of hours', () => {
    // Assess
    expect(() => parseScheduleHours('1,soon')).toThrow(/METRICS_SCHEDULE_HOURS/);
  });

  it('gives the same numbers for the same post and time, growing with time', () => {
    // Act
    const early = simulatedMetrics('x:1', '2030-01-01T00:00:00Z', '2030-01-01T01:00:00Z');
    const again = simulatedMetrics('x:1', '2030-01-01T00:00:00Z', '2030-01-01T01:00:00Z');
    const late = simulatedMetrics('x:1', '2030-01-01T00:00:00Z', '2030-01-04T00:00:00Z');
    // Assess
    expect(again).toEqual(early);
    expect(late.impressions).toBeGreaterThan(early.impressions);
    expect(late.likes).toBeGreaterThanOrEqual(early.likes);
  });
});

describe('grapheme counting', () => {
  it('counts what a reader sees as one character once, in ASCII and beyond', () => {
    // Prepare
    const texts = {
      'plain ASCII': 'Spring launch, 20% off!',
      'a Windows line break': 'one\r\ntwo',
      'a skin-toned emoji': 'ok 👍🏽',
      'a family emoji': '👨‍👩‍👧',
      'a combining accent': 'cafe\u0301',
      'a flag': '🇫🇷',
    };

    // Act
    const lengths = Object.fromEntries(
      Object.entries(texts).map(([name, text]) => [name, graphemeLength(text)]),
    );

    // Assess
    expect(lengths).toEqual({
      'plain ASCII': 23,
      'a Windows line break': 7,
      'a skin-toned emoji': 4,
      'a family emoji': 1,
      'a combining accent': 4,
      'a flag': 1,
    });
  });
});
