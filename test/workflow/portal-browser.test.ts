import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPost } from '../../functions/persistence/index.js';
import { type LocalPortal, startLocalPortal } from '../../local/portal-server.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { accessibilityViolations } from '../support/accessibility.js';
import { launchChromium } from '../support/chromium.js';
import { apiCall, seedBrandWithMembers } from './api-client.js';
import { HOUR, inFuture, putEvent, startWorkflowRuntime, uniqueId, untilReviewRequested } from './support.js';

let runtime: LocalBrandflow;
let portal: LocalPortal;
let browser: Browser;
let brandId: string;
const SCREENSHOTS = join('.brandflow', 'portal-screenshots');

/** Submits a post as author-1 through the front door and waits for its review request; its content hash. */
async function submitted(text: string, scheduledAt = inFuture(HOUR)) {
  const postId = uniqueId('portal-e2e');
  const answer = await apiCall(runtime, 'POST', '/posts', await runtime.issuer.issue('author-1'), {
    postId,
    revision: 1,
    brandId,
    contentType: 'text',
    content: { x: { text } },
    scheduledAt,
    timeZone: 'Europe/Paris',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  await untilReviewRequested(runtime, postId);
  return { postId, contentHash: String((await getPost(postId))?.contentHash) };
}

/** Signs in through the local issuer's login page, as a person would; the portal page after. */
async function signedIn(user: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(portal.url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('User id').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
  return page;
}

/** A screenshot of the page, kept for people to look at; its size proves it is not blank. */
async function screenshot(page: Page, name: string): Promise<number> {
  const png = await page.screenshot({ fullPage: true });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), png);
  return png.length;
}

/** What a forged request from the page itself gets: the page's own token, a decision it has no button for. */
function forgedApproval(page: Page, postId: string, contentHash: string) {
  return page.evaluate(
    async ({ postId, contentHash }) => {
      const response = await fetch(`/api/posts/${postId}/decisions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sessionStorage.getItem('brandflow.token')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ revision: 1, decision: 'approve', contentHash }),
      });
      return { status: response.status, body: (await response.json()) as { errors?: { rule: string }[] } };
    },
    { postId, contentHash },
  );
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A person reads before deciding: a review window of a real minute, not the demo's seconds.
  runtime = await startWorkflowRuntime({ timeoutMinMs: 60_000, timeoutMaxMs: 60_000 });
  brandId = uniqueId('portal-brand');
  await seedBrandWithMembers(
    runtime,
    {
      brandId,
      timeZone: 'Europe/Paris',
      policy: { terms: { sensitive: ['limited'] } },
      reviewChain: { stages: [{ name: 'brand', approvers: ['reviewer-1', 'author-1'] }] },
    },
    { 'reviewer-1': ['reviewer'], 'viewer-1': ['viewer'], 'author-1': ['editor', 'reviewer'] },
  );
  portal = await startLocalPortal({
    apiEndpoint: runtime.apiEndpoint,
    issuer: runtime.issuer.issuer,
    brands: [brandId],
    dir: mkdtempSync(join(tmpdir(), 'brandflow-portal-')),
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await runtime?.stop();
});

// A real browser over the twin: on a shared 2-core machine one case can take far longer than the default.
describe('the review portal in Chromium', { timeout: 120_000 }, () => {
  it('lets a reviewer sign in, see the queue with counts and findings, approve, and watch the post publish', async () => {
    // Prepare
    const { postId } = await submitted('Limited batch: our spring blend is back in every shop.');
    const page = await signedIn('reviewer-1');

    // Act: open the waiting post
    await page.getByRole('button', { name: `Open ${postId}` }).click();
    await page.getByText('/ 280 characters').waitFor();
    const reviewsShot = await screenshot(page, 'my-reviews');
    const violations = await accessibilityViolations(page);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(`Decision recorded: ${postId}`).waitFor();
    await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Post Published' && e.detail.postId === postId,
      30_000,
    );
    await page.goto(`${portal.url}#/post/${postId}`);
    await page.locator('.status', { hasText: 'published' }).first().waitFor();

    // Assess
    expect(await page.locator('mark.finding-warn').textContent()).toBe('Limited');
    expect(await page.getByText('54 / 280 characters').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: `Story of ${postId}` }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'review_decided' }).count()).toBe(1);
    expect(await page.getByText(/reviewer-1 \(brand, r1\): approve/).count()).toBe(1);
    expect(reviewsShot).toBeGreaterThan(20_000);
    expect(await screenshot(page, 'post-story')).toBeGreaterThan(20_000);
    expect(violations).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 120_000);

  it('shows a viewer no decision buttons, and the API refuses the approval the page forges', async () => {
    // Prepare
    const { postId, contentHash } = await submitted('Tea tasting this weekend.', inFuture(200 * 24 * HOUR));
    const page = await signedIn('viewer-1');

    // Act
    await page.getByText('Your role on this brand does not decide reviews.').waitFor();
    const forged = await forgedApproval(page, postId, contentHash);

    // Assess
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(forged.status).toBe(403);
    expect(forged.body.errors?.[0]?.rule).toBe('role');
    expect((await getPost(postId))?.status).toBe('in_review');
  });

  it("never offers authors their own post, and refuses the author's forged approval", async () => {
    // Prepare: author-1 is also a named approver of the stage
    const { postId, contentHash } = await submitted('Our autumn oolong arrives.', inFuture(200 * 24 * HOUR));
    const page = await signedIn('author-1');

    // Act
    await page.getByRole('heading', { name: 'Reviews waiting on me' }).waitFor();
    await page.getByText('Nothing waits on you.').waitFor();
    const forged = await forgedApproval(page, postId, contentHash);

    // Assess
    expect(await page.getByRole('button', { name: `Open ${postId}` }).count()).toBe(0);
    expect(forged.status).toBe(403);
    expect(forged.body.errors?.[0]?.rule).toBe('author-not-reviewer');
    expect((await getPost(postId))?.status).toBe('in_review');
  });

  it('renders in Simplified Chinese and English, remembering the choice per user', async () => {
    // Prepare
    const page = await signedIn('reviewer-1');
    await page.getByRole('heading', { name: 'Reviews waiting on me' }).waitFor();

    // Act
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '等待我审核' }).waitFor();
    const chineseShot = await screenshot(page, 'my-reviews-zh');
    await page.reload();
    await page.getByRole('heading', { name: '等待我审核' }).waitFor();
    const chineseTagged = await page.locator('html[lang="zh-CN"]').count();
    await page.getByLabel('语言').selectOption('en');

    // Assess
    await page.getByRole('heading', { name: 'Reviews waiting on me' }).waitFor();
    expect(chineseTagged).toBe(1);
    expect(await page.locator('html[lang="en"]').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Calendar' }).count()).toBe(1);
    expect(chineseShot).toBeGreaterThan(20_000);
  });

  it('opens the stored HTML report from the latest-report page through its link', async () => {
    // Prepare
    await putEvent(runtime, 'Generate Report', {
      brandId,
      period: new Date().toISOString().slice(0, 7),
      requestedBy: { id: 'admin-1' },
    });
    const ready = await runtime.waitForEvent(
      (e) => e['detail-type'] === 'Report Ready' && e.detail.brandId === brandId,
      60_000,
    );
    const s3 = new S3Client({ endpoint: runtime.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    const stored = await s3.send(
      new GetObjectCommand({
        Bucket: String(ready.detail.bucket),
        Key: (ready.detail.objects as Record<string, string>).html,
      }),
    );
    const storedTitle = /<title>([^<]*)<\/title>/.exec((await stored.Body?.transformToString()) ?? '')?.[1];
    s3.destroy();
    const page = await signedIn('viewer-1');

    // Act
    await page.goto(`${portal.url}#/report`);
    await page.getByRole('link', { name: 'Open the HTML report' }).click();
    await page.waitForURL(/report\.html/);

    // Assess
    expect(storedTitle).toBeTruthy();
    expect(await page.title()).toBe(storedTitle);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it("places posts on the brand's days across the spring DST change", async () => {
    // Prepare: Paris moves from UTC+1 to UTC+2 at 01:00 UTC on Sunday 28 March 2027
    const before = await submitted('Saturday tasting.', '2027-03-27T08:00:00Z');
    const after = await submitted('Sunday tasting.', '2027-03-28T08:00:00Z');
    const page = await signedIn('viewer-1');

    // Act
    await page.goto(`${portal.url}#/calendar?day=2027-03-28`);
    const saturday = page.locator('li[data-day="2027-03-27"]');
    const sunday = page.locator('li[data-day="2027-03-28"]');
    await sunday.getByText(after.postId).waitFor();

    // Assess
    expect(await page.locator('li.day').count()).toBe(7);
    expect(await page.locator('li.day').first().getAttribute('data-day')).toBe('2027-03-22');
    expect(await saturday.textContent()).toContain(before.postId);
    expect(await saturday.locator('time').textContent()).toMatch(/^09:00 GMT\+1$/);
    expect(await sunday.locator('time').textContent()).toMatch(/^10:00 GMT\+2$/);
    expect(await page.getByRole('heading', { name: 'Calendar (Europe/Paris)' }).count()).toBe(1);
    expect(await screenshot(page, 'calendar-week')).toBeGreaterThan(20_000);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('has an accessibility check that catches an unlabelled control and a missing language', async () => {
    // Prepare
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      '<!doctype html><html><head><title>t</title></head><body><input type="text"></body></html>',
    );

    // Act
    const violations = await accessibilityViolations(page);

    // Assess
    expect(violations.map((v) => v.ruleId)).toEqual(
      expect.arrayContaining(['input_label_exists', 'html_lang_exists']),
    );
  });
});
