import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { auroraTea } from '../support/brand-fixtures.js';
import { twinCli } from '../support/cli-run.js';
import { seedPublishedPosts } from '../support/report-seed.js';
import { actAsClientOf } from '../workflow/support.js';

let runtime: LocalBrandflow;
let tableName: string;
const brandId = `cli-report-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  tableName = `brandflow-cli-report-${randomUUID()}`;
  runtime = actAsClientOf(
    await startLocalBrandflow({ dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, tableName }),
  );
  await seedPublishedPosts(auroraTea({ brandId, language: 'zh-CN' }), [
    {
      postId: `${brandId}-1`,
      publishedAt: '2026-11-24T08:00:00.000Z',
      rounds: { x: [{ impressions: 800, likes: 40, comments: 0, shares: 0, clicks: 16 }] },
    },
  ]);
});
afterAll(async () => {
  await runtime?.stop();
});

const brandflow = twinCli(() => ({ runtime, tableName }));

describe('brandflow report', () => {
  it("prints a brand's ISO week in its language, from its records", async () => {
    // Act
    const { code, stdout } = await brandflow('report', brandId, '--week', '2026-W48');
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('# Aurora Tea：分析报告 2026-W48');
    expect(stdout).toContain('| 互动率 (互动数 / 曝光量) | 5.00% | 1 |');
  });

  it('prints the month as CSV or as one HTML page', async () => {
    // Act
    const csv = await brandflow('report', brandId, '--month', '2026-11', '--format', 'csv');
    const html = await brandflow('report', brandId, '--month', '2026-11', '--format', 'html');
    // Assess
    expect(csv.stdout).toContain(`${brandId},2026-11,summary,all,clicks,16,1,`);
    expect(html.stdout).toMatch(/^<!doctype html>/);
  });

  it.each([
    [
      ['--month', '2026-11', '--format', 'pdf'],
      '--format: --format must be one of html, md, csv (rule: one-of)',
    ],
    [['--month', '2099-01'], 'period: 2099-01 has not started yet in Europe/Paris (rule: not-in-future)'],
    [['--week', '2026-11'], '--week: --week must be an ISO week such as 2026-W48 (rule: format)'],
    [['--week', '2026-W48', '--month', '2026-11'], '--week: give either --week or --month (rule: one-of)'],
  ])('refuses %j naming the field and the rule, with exit code 2', async (flags, message) => {
    // Act
    const { code, stderr } = await brandflow('report', brandId, ...flags);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('refuses an unknown brand naming the field', async () => {
    // Act
    const { code, stderr } = await brandflow('report', 'no-such-brand', '--month', '2026-11');
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('brandId: no brand has this id (rule: known-brand)');
  });
});
