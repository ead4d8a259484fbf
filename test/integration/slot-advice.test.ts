import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BestTime, slotAdvice, type TimeSlot } from '../../functions/domain/analytics.js';
import { zonedParts } from '../../functions/domain/periods.js';
import {
  brand,
  type Harness,
  hoursFromNow,
  newPostId,
  startHarness,
  submission,
} from '../support/twin-harness.js';

const slot = (weekday: number, hour: number, posts: number, rate: number): TimeSlot => ({
  weekday,
  hour,
  posts,
  score: { value: rate, sample: posts },
});

/** x in Paris, 12 posts: Tuesday 09:00 (2%, 3 posts), 11:00 (5%, 4 posts), 16:00 (9%, 5 posts, 7 hours away). */
const xHistory: BestTime = {
  channel: 'x',
  timeZone: 'Europe/Paris',
  scoredBy: 'byImpressions',
  posts: 12,
  slots: [slot(2, 9, 3, 0.02), slot(2, 11, 4, 0.05), slot(2, 16, 5, 0.09)],
  best: slot(2, 16, 5, 0.09),
  statement: 'x: best Tuesday 16:00-17:00 (Europe/Paris), engagement rate by impressions 9.00% over 5 posts',
};
const thinHistory: BestTime = {
  channel: 'mastodon',
  timeZone: 'Europe/Paris',
  scoredBy: 'engagementsPerPost',
  posts: 4,
  slots: [slot(2, 9, 4, 3)],
  best: null,
  statement: 'mastodon: too little data, 4 published posts; at least 10 are needed',
};
const NOT_BEFORE = Date.parse('2026-11-30T00:00:00Z');

describe('the best nearby slot', () => {
  it('names the best-scoring hour with enough posts within six hours, in UTC, with the figures behind it', () => {
    // Act: Tuesday 2026-12-01 09:30 in Paris is 08:30 UTC.
    const [advice] = slotAdvice([xHistory], ['x'], '2026-12-01T08:30:00Z', NOT_BEFORE);
    // Assess: 11:00 Paris (10:00 UTC) beats 09:00; 16:00 is further than six hours.
    expect(advice).toEqual({
      channel: 'x',
      suggestedAt: '2026-12-01T10:00:00Z',
      statement:
        'x: Tuesday 11:00-12:00 (Europe/Paris) has done best nearby, engagement rate by impressions 5.00% over 4 posts',
    });
  });

  it('states plainly why there is no suggestion: thin history, no analysis, or nothing better nearby', () => {
    // Act
    const advice = slotAdvice(
      [xHistory, thinHistory],
      ['mastodon', 'bluesky'],
      '2026-12-01T08:30:00Z',
      NOT_BEFORE,
    );
    const atBest = slotAdvice([xHistory], ['x'], '2026-12-01T15:10:00Z', NOT_BEFORE);
    // Assess
    expect(advice).toEqual([
      {
        channel: 'mastodon',
        statement: 'mastodon: too little data, 4 published posts; at least 10 are needed',
      },
      {
        channel: 'bluesky',
        statement: 'bluesky: too little data, no published history of this channel analysed yet',
      },
    ]);
    expect(atBest).toEqual([
      { channel: 'x', statement: 'x: no hour within 6 hours of the requested time has done better' },
    ]);
  });

  it('never suggests an hour that has already passed', () => {
    // Act: 11:00 Paris on that Tuesday is before notBefore.
    const [advice] = slotAdvice(
      [xHistory],
      ['x'],
      '2026-12-01T08:30:00Z',
      Date.parse('2026-12-01T10:30:00Z'),
    );
    // Assess
    expect(advice?.suggestedAt).toBeUndefined();
  });
});

let harness: Harness;
let reschedule: (detail: unknown) => Promise<unknown>;
const adviceBrand = { ...brand, brandId: 'advice-tea' };

beforeAll(async () => {
  harness = await startHarness();
  await harness.db.putBrand(adviceBrand);
  reschedule = harness.handler('reschedule-post', 'Reschedule Post');
});
afterAll(() => harness.aws.close());

/** The brand's stored analysis: x did best two hours after `requestedAt`, with enough posts behind it. */
async function storeHistoryAround(requestedAt: string): Promise<string> {
  const requested = Date.parse(requestedAt);
  const hourStart = Math.floor(requested / 3_600_000) * 3_600_000;
  const at = (ms: number) => zonedParts(ms, 'Europe/Paris');
  const [here, later] = [at(hourStart), at(hourStart + 2 * 3_600_000)];
  const better = slot(later.weekday, later.hour, 4, 0.05);
  const { putBestTimes } = await import('../../functions/persistence/best-times.js');
  await putBestTimes(
    adviceBrand.brandId,
    [{ ...xHistory, slots: [slot(here.weekday, here.hour, 3, 0.02), better], best: better }],
    new Date().toISOString(),
  );
  return new Date(hourStart + 2 * 3_600_000).toISOString().replace('.000Z', 'Z');
}

describe('Submit Post and Reschedule Post answers', () => {
  it('carry the best nearby slot per channel in the answer and the event, and keep the requested time', async () => {
    // Prepare
    const scheduledAt = hoursFromNow(48);
    const expected = await storeHistoryAround(scheduledAt);
    const postId = newPostId();
    harness.aws.clear();
    // Act
    const result = await harness.h.submitPost(
      submission(postId, { brandId: adviceBrand.brandId, scheduledAt }),
    );
    // Assess
    const suggestions = [
      { channel: 'x', suggestedAt: expected, statement: expect.stringContaining('has done best nearby') },
      { channel: 'mastodon', statement: expect.stringContaining('mastodon: too little data') },
    ];
    expect(result).toMatchObject({ status: 'submitted', suggestions });
    expect(harness.aws.events('Post Submitted')[0]?.detail).toMatchObject({ suggestions });
    expect(await harness.db.getPost(postId)).toMatchObject({ scheduledAt });
  });

  it('answer a reschedule with the advice for the new time', async () => {
    // Prepare
    const postId = newPostId();
    await harness.h.submitPost(
      submission(postId, { brandId: adviceBrand.brandId, scheduledAt: hoursFromNow(30) }),
    );
    const newTime = hoursFromNow(72);
    const expected = await storeHistoryAround(newTime);
    harness.aws.clear();
    // Act
    const result = await reschedule({ postId, scheduledAt: newTime, requestedBy: { id: 'editor-1' } });
    // Assess
    const suggestions = [
      expect.objectContaining({ channel: 'x', suggestedAt: expected }),
      { channel: 'mastodon', statement: expect.stringContaining('mastodon: too little data') },
    ];
    expect(result).toMatchObject({ status: 'rescheduled', scheduledAt: newTime, suggestions });
    expect(harness.aws.events('Post Rescheduled')[0]?.detail).toMatchObject({ suggestions });
  });
});
