import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrandProfile } from '../../functions/domain/brand.js';
import { getBrand, putBrand } from '../../functions/persistence/brands.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { auroraTea, grantRole } from '../support/brand-fixtures.js';
import { runCli, twinCliEnv } from '../support/cli-run.js';
import { storeFeedback } from '../support/feedback-seed.js';
import { actAsClientOf } from '../workflow/support.js';

const HOUR = 3_600_000;
let runtime: LocalBrandflow;
let tableName: string;
let folder: string;
let brand: BrandProfile;

const brandflow = (...argv: string[]) => runCli(argv, twinCliEnv(runtime, tableName, join(folder, 'token')));

beforeAll(async () => {
  tableName = `brandflow-cli-inbox-${randomUUID()}`;
  runtime = actAsClientOf(
    await startLocalBrandflow({ dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, tableName }),
  );
  const brandId = `inbox-${randomUUID().slice(0, 8)}`;
  // Every hour is a working hour: the business clock reads as wall time.
  await putBrand(
    auroraTea({
      brandId,
      timeZone: 'Asia/Shanghai',
      feedback: { workingHours: { days: [1, 2, 3, 4, 5, 6, 7], start: 0, end: 24 } },
    }),
  );
  brand = (await getBrand(brandId)) as BrandProfile;
  for (const [memberId, role] of [
    ['editor-1', 'editor'],
    ['viewer-1', 'viewer'],
  ] as const) {
    await grantRole(brandId, memberId, role);
  }
  await storeFeedback(brandId, {
    text: 'My parcel never came, I want a refund',
    category: 'complaint',
    agoMs: 6 * HOUR,
    slaHours: 4,
  });
  await storeFeedback(brandId, { text: '我要退款，包裹坏了', category: 'complaint', agoMs: 0, slaHours: 4 });
  await storeFeedback(brandId, {
    text: 'When is the spring blend back?',
    category: 'question',
    agoMs: 0,
    slaHours: 8,
  });
  folder = await mkdtemp(join(tmpdir(), 'brandflow-cli-inbox-'));
});

afterAll(async () => {
  await runtime?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('brandflow inbox', () => {
  it('prints the open feedback as a table with the business-hours clock, the overdue complaint first', async () => {
    // Prepare
    await brandflow('login', '--as', 'editor-1');

    // Act
    const listed = await brandflow('inbox', brand.brandId);

    // Assess
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^due \(UTC\)\s+clock \(business\)\s+category\s+channel\s+feedback id\s+text$/);
    expect(lines[2]).toMatch(/OVERDUE (1h5\d|2h0\d)m\s+complaint\s+x\s+\S+\s+My parcel never came/);
    expect(lines[3]).toMatch(/(3h5\d|4h00)m left\s+complaint\s+x\s+\S+\s+我要退款/);
    expect(lines[4]).toMatch(/(7h5\d|8h00)m left\s+question/);
    expect(listed.stdout).not.toContain('a1b2c3d4');
  });

  it('lists only the overdue complaints with --category complaint --overdue, as JSON with --json', async () => {
    // Prepare
    await brandflow('login', '--as', 'editor-1');

    // Act
    const listed = await brandflow('inbox', brand.brandId, '--category', 'complaint', '--overdue', '--json');

    // Assess
    expect(listed.code, listed.stderr).toBe(0);
    const page = JSON.parse(listed.stdout) as { items: { text: string; sla: { overdue: boolean } }[] };
    expect(page.items.map((i) => [i.text, i.sla.overdue])).toEqual([
      ['My parcel never came, I want a refund', true],
    ]);
  });

  it('refuses a viewer with the role rule, and a bad category naming the field (exit 2)', async () => {
    // Prepare
    await brandflow('login', '--as', 'viewer-1');

    // Act
    const refused = await brandflow('inbox', brand.brandId);
    const bad = await brandflow('inbox', brand.brandId, '--category', 'rant');

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403');
    expect(refused.stderr).toContain('rule: role');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/category: .* \(rule: one-of\)/);
  });
});
