import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/twin-harness.js';

let harness: Harness;
let update: (detail: unknown) => Promise<unknown>;

beforeAll(async () => {
  harness = await startHarness();
  // Invoked in the twin as its role, with each detail on a new bus event.
  const updateProfile = harness.handler('update-brand-profile', 'Update Brand Profile');
  // Every profile here comes from a source a brand admin trusts for the profile's brand.
  update = async (detail: unknown) => {
    const brandId = (detail as { profile?: { brandId?: unknown } }).profile?.brandId;
    if (typeof brandId === 'string') await harness.trustTestSource(brandId, ['brand-admin']);
    return updateProfile(detail);
  };
});
afterAll(() => harness.aws.close());

const profile = (brandId: string, overrides: Record<string, unknown> = {}) => ({
  brandId,
  name: 'Aurora Tea',
  audience: 'Tea lovers in their thirties, city based',
  values: ['craft', 'honesty'],
  voice: { tone: ['warm', 'precise'], do: ['name the harvest'], dont: ['hype'] },
  goals: [{ metric: 'engagement_rate', target: 0.04, period: 'month' }],
  channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
  reviewChain: { stages: [{ name: 'brand', approvers: ['brand-lead'] }] },
  policy: { terms: { banned: ['cheap'] } },
  ...overrides,
});

describe('Update Brand Profile', () => {
  it('keeps every version and answers a repeat without writing a new one', async () => {
    // Prepare
    const brandId = `brand-${Date.now().toString(36)}`;
    // Act
    const first = await update({ profile: profile(brandId), updatedBy: { id: 'u-1' } });
    const second = await update({
      profile: profile(brandId, { values: ['craft'] }),
      expectedVersion: 1,
      updatedBy: { id: 'u-1' },
    });
    const repeat = await update({
      profile: profile(brandId, { values: ['craft'] }),
      updatedBy: { id: 'u-1' },
    });
    // Assess
    expect([first, second, repeat]).toEqual([
      { status: 'created', brandId, version: 1 },
      { status: 'updated', brandId, version: 2 },
      { status: 'unchanged', brandId, version: 2 },
    ]);
    expect((await harness.db.listBrandVersions(brandId)).map((v) => [v.version, v.values])).toEqual([
      [1, ['craft', 'honesty']],
      [2, ['craft']],
    ]);
    expect((await harness.db.getBrand(brandId))?.version).toBe(2);
  });

  it('refuses an update made on a version that is no longer current, and writes nothing', async () => {
    // Prepare
    const brandId = `brand-${Date.now().toString(36)}-c`;
    await update({ profile: profile(brandId), updatedBy: { id: 'u-1' } });
    await update({ profile: profile(brandId, { name: 'Aurora' }), updatedBy: { id: 'u-2' } });
    // Act
    const stale = await update({
      profile: profile(brandId, { name: 'Aurora T.' }),
      expectedVersion: 1,
      updatedBy: { id: 'u-1' },
    });
    // Assess
    expect(stale).toMatchObject({
      status: 'rejected',
      errors: [{ field: 'expectedVersion', rule: 'current-version' }],
    });
    expect((await harness.db.getBrand(brandId))?.name).toBe('Aurora');
  });

  it('rejects an invalid profile naming each field, with a Brand Profile Rejected event', async () => {
    // Prepare
    harness.aws.clear();
    // Act
    const result = await update({
      profile: profile('bad-brand', {
        goals: [{ metric: 'vibes', target: 1 }],
        policy: { links: { utm: 'sometimes' } },
      }),
      updatedBy: { id: 'u-1' },
    });
    // Assess
    expect(result).toMatchObject({ status: 'rejected' });
    const fields = (result as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['profile.goals.0.metric', 'profile.policy.links.utm']);
    expect(harness.aws.events('Brand Profile Rejected')).toHaveLength(1);
    expect(await harness.db.getBrand('bad-brand')).toBeUndefined();
  });

  it('rejects a report setting it does not know, naming the field and the rule, and writes nothing', async () => {
    // Act
    const result = await update({
      profile: profile('bad-settings', {
        timeZone: 'Mars/Olympus',
        language: 'fr',
        engagementRateVariant: 'byMood',
      }),
      updatedBy: { id: 'u-1' },
    });
    // Assess
    const errors = (result as { errors: { field: string; rule: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['profile.timeZone', 'iana-time-zone'],
      ['profile.language', 'one-of'],
      ['profile.engagementRateVariant', 'one-of'],
    ]);
    expect(errors[0]?.message).toContain('IANA time zone');
    expect(await harness.db.getBrand('bad-settings')).toBeUndefined();
  });

  it('defaults the report settings of a profile that names none', async () => {
    // Prepare
    const brandId = `brand-defaults-${Date.now().toString(36)}`;
    // Act
    await update({ profile: profile(brandId), updatedBy: { id: 'u-1' } });
    // Assess
    expect(await harness.db.getBrand(brandId)).toMatchObject({
      timeZone: 'UTC',
      language: 'en',
      engagementRateVariant: 'byImpressions',
    });
  });

  it("keeps one weekly and one monthly report schedule in the brand's time zone, moved when the zone changes", async () => {
    // Prepare
    const brandId = `brand-schedules-${Date.now().toString(36)}`;
    harness.aws.clear();
    // Act
    await update({ profile: profile(brandId, { timeZone: 'Asia/Shanghai' }), updatedBy: { id: 'u-1' } });
    await update({ profile: profile(brandId, { timeZone: 'Asia/Shanghai' }), updatedBy: { id: 'u-1' } });
    await update({ profile: profile(brandId, { timeZone: 'Europe/Paris' }), updatedBy: { id: 'u-1' } });
    // Assess
    const created = harness.aws.callsOf('CreateSchedule').filter((c) => String(c.Name).startsWith(brandId));
    const updated = harness.aws.callsOf('UpdateSchedule').filter((c) => String(c.Name).startsWith(brandId));
    // The twin holds one weekly and one monthly schedule, in the zone of the latest profile.
    const held = harness.twin.scheduler.list({ namePrefix: brandId }).schedules;
    expect(held.map((s) => [s.name, s.scheduleExpression, s.scheduleExpressionTimezone])).toEqual([
      [`${brandId}.month`, 'cron(0 6 1 * ? *)', 'Europe/Paris'],
      [`${brandId}.week`, 'cron(0 6 ? * MON *)', 'Europe/Paris'],
    ]);
    // Each later attempt to create conflicts with the schedule already there, and updates it.
    expect(created).toHaveLength(6);
    expect(harness.aws.failuresOf('CreateSchedule').map((f) => [f.request.Name, f.errorCode])).toEqual(
      created.slice(2).map((c) => [c.Name, 'ConflictException']),
    );
    expect(harness.aws.failuresOf('UpdateSchedule')).toEqual([]);
    expect(
      created.slice(0, 2).map((c) => [c.Name, c.ScheduleExpression, c.ScheduleExpressionTimezone]),
    ).toEqual([
      [`${brandId}.week`, 'cron(0 6 ? * MON *)', 'Asia/Shanghai'],
      [`${brandId}.month`, 'cron(0 6 1 * ? *)', 'Asia/Shanghai'],
    ]);
    // The repeat rewrites the same definition; the new zone moves both.
    expect(updated.map((c) => [c.Name, c.ScheduleExpressionTimezone])).toEqual([
      [`${brandId}.week`, 'Asia/Shanghai'],
      [`${brandId}.month`, 'Asia/Shanghai'],
      [`${brandId}.week`, 'Europe/Paris'],
      [`${brandId}.month`, 'Europe/Paris'],
    ]);
    const target = created[0]?.Target as { Arn: string; Input: string };
    expect(target.Arn).toBe(harness.twin.env.GENERATE_REPORT_FUNCTION_ARN);
    expect(target.Arn).toMatch(/:function:/);
    expect(JSON.parse(target.Input)).toMatchObject({
      source: 'aws.scheduler',
      'detail-type': 'Generate Report',
      detail: { brandId, cadence: 'week', scheduledAt: '<aws.scheduler.scheduled-time>' },
    });
  });

  it('creates no schedule for a profile it rejects', async () => {
    // Prepare
    harness.aws.clear();
    // Act
    const result = await update({
      profile: profile('no-schedules', { timeZone: 'Mars/Olympus' }),
      updatedBy: { id: 'u-1' },
    });
    // Assess
    expect(result).toMatchObject({ status: 'rejected' });
    expect(harness.aws.callsOf('CreateSchedule')).toEqual([]);
    expect(harness.twin.scheduler.list({ namePrefix: 'no-schedules' }).schedules).toEqual([]);
  });
});
