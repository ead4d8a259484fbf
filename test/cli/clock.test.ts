import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceLocalClockTo, realNow } from '../../local/clock.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { startCliTwin, twinCli } from '../support/cli-run.js';
import { HOUR } from '../workflow/support.js';

const DAY = 24 * HOUR;
let runtime: LocalBrandflow;
let tableName: string;

beforeAll(async () => {
  ({ runtime, tableName } = await startCliTwin('clock'));
  // What the demo leaves behind: its waits and metric rounds jumped the shared clock days ahead.
  advanceLocalClockTo(realNow() + 3 * DAY);
});

afterAll(async () => {
  await runtime?.stop();
});

const brandflow = twinCli(() => ({ runtime, tableName }));

describe('the twin clock, as its clients see it', () => {
  it('tells a client how far the twin runs ahead of the wall clock, so it can schedule from there', async () => {
    // Act
    const answer = await brandflow('clock', '--json');
    const text = await brandflow('clock');

    // Assess
    expect(answer.code, answer.stderr).toBe(0);
    const clock = JSON.parse(answer.stdout) as { now: string; realNow: string; aheadSeconds: number };
    expect(clock.aheadSeconds).toBeGreaterThanOrEqual(3 * 24 * 3600);
    expect(
      Math.abs(Date.parse(clock.now) - Date.parse(clock.realNow) - clock.aheadSeconds * 1000),
    ).toBeLessThan(1000);
    expect(Math.abs(Date.parse(clock.realNow) - realNow())).toBeLessThan(60_000);
    expect(text.stdout).toContain('ahead of the wall clock');
  });

  it("lists by default the refusals of the twin's day, where the handlers recorded them", async () => {
    // Prepare
    const twinDay = new Date(realNow() + 3 * DAY).toISOString().slice(0, 10);
    const put = await runtime.putEvents([
      {
        EventBusName: runtime.env.EVENT_BUS_NAME,
        Source: 'my.cms',
        DetailType: 'Cancel Post',
        Detail: JSON.stringify({ requestedBy: { id: 'editor-1' } }),
      },
    ]);
    const eventId = put.Entries?.[0]?.EventId;
    await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Inbound Event Rejected' && e.detail.eventId === eventId,
    );

    // Act
    const listed = await brandflow('rejections', '--json');

    // Assess
    expect(listed.code, listed.stderr).toBe(0);
    const { day, rejected } = JSON.parse(listed.stdout) as { day: string; rejected: { eventId: string }[] };
    expect(day).toBe(twinDay);
    expect(rejected.map((r) => r.eventId)).toContain(eventId);
  });
});
