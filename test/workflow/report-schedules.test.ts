import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodLabel } from '../../functions/domain/periods.js';
import { getReportIndex } from '../../functions/persistence/reports.js';
import { advanceLocalClockTo } from '../../local/clock.js';
import { apiCall, TEST_ADMIN_GROUP } from './api-client.js';
import { uniqueId, useLocalRun } from './support.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const runtime = useLocalRun();
let scheduler: SchedulerClient;
let group: string;

beforeAll(async () => {
  scheduler = new SchedulerClient({
    endpoint: runtime.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  });
  group = runtime.template.scheduleGroups.find((g) => g.name.endsWith('-reports'))?.name ?? '';
});
afterAll(async () => {
  scheduler?.destroy();
});

/**
 * Sets a brand's profile as its admin would, through the front door, and waits for its
 * handler to end (schedules follow the save).
 */
async function setProfile(brandId: string, timeZone: string, version: number) {
  const admin = await runtime.issuer.issue('admin-1', { groups: [TEST_ADMIN_GROUP] });
  const answer = await apiCall(runtime, 'PUT', `/brands/${brandId}/profile`, admin, {
    profile: {
      brandId,
      name: 'Aurora Tea',
      timeZone,
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      reviewers: ['brand-lead'],
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  await runtime.waitForEvent(
    (e) =>
      e['detail-type'] === 'Brand Profile Updated' &&
      e.detail.brandId === brandId &&
      e.detail.version === version,
  );
  await runtime.lambdaIdle();
}

/** The next Monday 06:00 in Shanghai (UTC+8 all year): Sunday 22:00 UTC. */
function nextShanghaiMondayMorning(after: number): number {
  const sunday = new Date(after);
  sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
  sunday.setUTCHours(22, 0, 0, 0);
  return sunday.getTime() > after ? sunday.getTime() : sunday.getTime() + 7 * DAY;
}

describe("a brand's scheduled reports on the local twin", () => {
  it("fires the weekly report on Monday 06:00 in the brand's time zone and stores the week before", async () => {
    // Prepare
    const brandId = uniqueId('weekly');
    await setProfile(brandId, 'Asia/Shanghai', 1);
    const weekly = await scheduler.send(
      new GetScheduleCommand({ Name: `${brandId}.week`, GroupName: group }),
    );
    const fireAt = nextShanghaiMondayMorning(Date.now());
    const lastWeek = periodLabel(fireAt - DAY, 'week', 'Asia/Shanghai');
    // Act: the clock reaches the schedule's time, as a compressed wait elsewhere moves it.
    advanceLocalClockTo(fireAt);
    // (The monthly one fires too when the 1st comes first.)
    const ready = await runtime.waitForEvent(
      (e) =>
        e['detail-type'] === 'Report Ready' && e.detail.brandId === brandId && e.detail.period === lastWeek,
    );
    // Assess
    expect(weekly).toMatchObject({
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
    });
    expect(ready.detail.objects).toMatchObject({ md: `reports/${brandId}/${lastWeek}/report.md` });
    expect(await getReportIndex(brandId, lastWeek)).toMatchObject({
      trigger: 'schedule',
      timeZone: 'Asia/Shanghai',
      objects: { html: `reports/${brandId}/${lastWeek}/report.html` },
    });
    const run = runtime.scheduleRuns.find((r) => r.name === `${brandId}.week`);
    expect(run).toMatchObject({ status: 'invoked', groupName: group });
    // Recurring: it stays, waiting for the next Monday.
    expect(runtime.scheduler.get(`${brandId}.week`, group).fireAt).toBe(fireAt + 7 * DAY);
  });

  it('keeps the same two schedules when the profile is set again, moved to its new time zone', async () => {
    // Prepare
    const brandId = uniqueId('moved');
    await setProfile(brandId, 'Asia/Shanghai', 1);
    // Act
    await setProfile(brandId, 'Europe/Paris', 2);
    const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: group, NamePrefix: brandId }));
    const monthly = await scheduler.send(
      new GetScheduleCommand({ Name: `${brandId}.month`, GroupName: group }),
    );
    // Assess
    expect(listed.Schedules?.map((s) => s.Name).sort()).toEqual([`${brandId}.month`, `${brandId}.week`]);
    expect(monthly).toMatchObject({
      ScheduleExpression: 'cron(0 6 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
    });
    expect(JSON.parse(monthly.Target?.Input ?? '{}')).toMatchObject({
      source: 'aws.scheduler',
      detail: { brandId, cadence: 'month' },
    });
  });
});
