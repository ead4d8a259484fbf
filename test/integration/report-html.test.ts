/// <reference lib="dom" />
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostChannelRecord } from '../../functions/domain/analytics.js';
import { metricsOf } from '../../functions/domain/kpis.js';
import { type Period, parsePeriod } from '../../functions/domain/periods.js';
import { buildReport } from '../../functions/domain/report.js';
import { parseBrandProfile } from '../../functions/persistence/brands.js';
import { renderReport } from '../../functions/reports/render.js';
import { launchChromium } from '../support/chromium.js';

// 40 posts over November 2026 on x (with impressions) and bluesky (without), Paris time.
const records: PostChannelRecord[] = Array.from({ length: 40 }, (_, i) => {
  const publishedAt = new Date(Date.parse('2026-11-01T07:00:00Z') + i * 17.5 * 3_600_000).toISOString();
  return ['x', 'bluesky'].map((channel) => ({
    postId: `post-${i}`,
    channel,
    publishedAt,
    contentType: i % 2 ? 'image' : 'text',
    promotion: i % 4 ? ('organic' as const) : ('paid' as const),
    conversions: i % 3,
    followersAtPostTime: null,
    metrics: metricsOf({
      impressions: channel === 'x' ? 1000 + i * 10 : null,
      likes: 20 + (i % 7) * 5,
      comments: 3,
      shares: 2,
      clicks: channel === 'x' ? 30 : null,
    }),
  }));
}).flat();

let browser: Browser;
let page: Page;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'brandflow-report-'));
  const brand = parseBrandProfile({
    brandId: 'aurora',
    name: 'Aurora Tea',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    timeZone: 'Europe/Paris',
    goals: [
      { metric: 'engagement_rate', target: 0.04, period: 'month' },
      { metric: 'clicks', target: 1500, period: 'month' },
    ],
  });
  const model = buildReport(
    brand,
    parsePeriod('2026-11', 'Europe/Paris') as Period,
    records,
    Date.parse('2026-12-01T08:00:00Z'),
  );
  const file = join(folder, 'report.html');
  await writeFile(file, renderReport(model, 'html').body);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(pathToFileURL(file).href);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Pixels of a PNG in a chart colour (not white, grey or black), counted by the page itself on a canvas. */
async function colouredPixels(png: Buffer): Promise<number> {
  return page.evaluate(
    async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count += 1;
      }
      return count;
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
}

describe('the HTML report in headless Chromium', () => {
  it.each(['engagement-over-time', 'per-channel', 'goal-attainment', 'best-time-x', 'best-time-bluesky'])(
    'draws the %s chart visibly, with its bars or cells on screen',
    async (chart) => {
      // Prepare
      const element = page.locator(`svg[data-chart="${chart}"]`);
      // Act
      const box = await element.boundingBox();
      const screenshot = await element.screenshot();
      // Assess
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(50);
      expect(await colouredPixels(screenshot)).toBeGreaterThan(200);
    },
  );

  it('holds the figures in its text and prints without the network', async () => {
    // Act
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    const text = await page.locator('body').innerText();
    const pdf = await page.pdf({ format: 'A4' });
    const fullPage = await page.screenshot({ fullPage: true });
    // Assess
    expect(text).toContain('Aurora Tea: analysis report 2026-11');
    expect(text).toContain('Engagement rate (engagements / impressions)');
    expect(text).toMatch(/Clicks\s+1,200\s+40/);
    expect(text).toContain('engagement_rate (2026-11)');
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(fullPage.readUInt32BE(16)).toBe(1100);
    expect(fullPage.readUInt32BE(20)).toBeGreaterThan(2000);
  });
});
