import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { putReportIndex } from '../../functions/persistence/reports.js';
import { apiCall, seedBrandWithMembers } from './api-client.js';
import { HOUR, inFuture, uniqueId, untilReviewRequested, useLocalRun } from './support.js';

const runtime = useLocalRun();
const token = (user: string, groups: string[] = []) => runtime.issuer.issue(user, { groups });
const call = (method: string, path: string, bearer?: string, body?: unknown) =>
  apiCall(runtime, method, path, bearer, body);

let brandId: string;
let admin: string;

/** A post submitted through the front door by editor-1; waits for its review request. */
async function submitted(text: string, postId = uniqueId('portal-post'), revision = 1) {
  const answer = await call('POST', '/posts', await token('editor-1'), {
    postId,
    revision,
    brandId,
    contentType: 'text',
    content: { x: { text } },
    scheduledAt: inFuture(200 * 24 * HOUR),
    timeZone: 'Asia/Shanghai',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  await untilReviewRequested(runtime, postId, revision);
  return postId;
}

beforeAll(async () => {
  brandId = uniqueId('portal');
  admin = await seedBrandWithMembers(
    runtime,
    {
      brandId,
      timeZone: 'Asia/Shanghai',
      bannedTerms: ['guaranteed cure'],
      reviewChain: { stages: [{ name: 'brand', approvers: ['reviewer-1', 'viewer-1'] }] },
    },
    { 'reviewer-1': ['reviewer'], 'editor-1': ['editor'], 'viewer-1': ['viewer'] },
  );
});

describe("the portal's read routes", () => {
  const brandRoutes = () => [
    `/brands/${brandId}`,
    `/brands/${brandId}/reviews`,
    `/brands/${brandId}/rejections`,
    `/brands/${brandId}/reports/latest`,
  ];

  it('refuse a caller without a token (401) or without a role on the brand (403)', async () => {
    // Prepare
    const postId = await submitted('A quiet spring morning.');
    const stranger = await token('stranger-1');

    // Act
    const paths = [...brandRoutes(), `/posts/${postId}/story`];
    const anonymous = await Promise.all(paths.map((path) => call('GET', path)));
    const strangers = await Promise.all(paths.map((path) => call('GET', path, stranger)));

    // Assess
    expect(anonymous.map((a) => a.status)).toEqual(paths.map(() => 401));
    expect(strangers.map((a) => a.status)).toEqual(paths.map(() => 403));
    expect(strangers.map((a) => a.body.errors?.[0]?.rule)).toEqual(paths.map(() => 'role'));
  });

  it('answer 404 for a post, a brand or a report that does not exist', async () => {
    // Act
    const post = await call('GET', '/posts/no-such-post/story', admin);
    const brand = await call('GET', '/brands/no-such-brand', admin);
    const report = await call('GET', `/brands/${brandId}/reports/latest`, admin);

    // Assess
    expect([post.status, brand.status, report.status]).toEqual([404, 404, 404]);
    expect(report.body.detail).toBe('the brand has no report yet');
  });

  it("list the post waiting on the reviewer, and neither the author's nor a viewer's queue", async () => {
    // Prepare
    const postId = await submitted('Our spring blend is back in every shop.');

    // Act
    const reviewer = await call('GET', `/brands/${brandId}/reviews`, await token('reviewer-1'));
    const author = await call('GET', `/brands/${brandId}/reviews`, await token('editor-1'));
    const viewer = await call('GET', `/brands/${brandId}/reviews`, await token('viewer-1'));

    // Assess
    const queue = reviewer.body.queue as { postId: string; stage: string; contentHash: string }[];
    const entry = queue.find((e) => e.postId === postId);
    expect(entry).toMatchObject({ stage: 'brand', stageNumber: 1, timeZone: 'Asia/Shanghai' });
    expect(entry?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(reviewer.body.mayDecide).toBe(true);
    expect(author.body.queue).toEqual([]);
    expect(viewer.body).toMatchObject({ mayDecide: false, queue: [] });
  });

  it("tell a story with previews, findings, the revision's difference and earlier decisions, and no task token", async () => {
    // Prepare: a sent-back revision 1, then revision 2 with a banned term
    const postId = await submitted('Our spring blend is back.');
    const reviewer = await token('reviewer-1');
    const sentBack = await call('POST', `/posts/${postId}/decisions`, reviewer, {
      revision: 1,
      decision: 'request_changes',
      comment: 'Name the shops',
    });
    expect(sentBack.status, JSON.stringify(sentBack.body)).toBe(200);
    const checked = runtime.waitForEvent(
      (e) => e['detail-type'] === 'Policy Checked' && e.detail.postId === postId && e.detail.revision === 2,
    );
    const edited = await call('POST', '/posts', await token('editor-1'), {
      postId,
      revision: 2,
      brandId,
      contentType: 'text',
      content: { x: { text: 'Our summer blend is back, a guaranteed cure.' } },
      scheduledAt: inFuture(200 * 24 * HOUR),
      timeZone: 'Asia/Shanghai',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await checked;

    // Act
    const story = await call('GET', `/posts/${postId}/story`, await token('viewer-1'));

    // Assess
    expect(story.status, JSON.stringify(story.body)).toBe(200);
    const body = story.body as {
      previews: { channel: string; length: number; maxLength: number; findings: { rule: string }[] }[];
      diff: { fromRevision: number; channels: Record<string, { op: string; text: string }[]> };
      decisions: { reviewerId: string; decision: string; comment: string }[];
      log: { action: string }[];
    };
    expect(body.previews[0]).toMatchObject({ channel: 'x', length: 44, maxLength: 280 });
    expect(body.previews[0]?.findings.map((f) => f.rule)).toContain('banned-term');
    expect(body.diff.fromRevision).toBe(1);
    expect(body.diff.channels.x).toContainEqual({ op: 'remove', text: 'spring' });
    expect(body.diff.channels.x).toContainEqual({ op: 'add', text: 'summer' });
    expect(body.decisions).toEqual([
      expect.objectContaining({
        reviewerId: 'reviewer-1',
        decision: 'request_changes',
        comment: 'Name the shops',
      }),
    ]);
    expect(JSON.stringify(story.body)).not.toMatch(/token/i);
    expect(body.log.map((e) => e.action)).toContain('resubmitted');
  });

  it("list the brand's rejections with the reviewer's reason", async () => {
    // Prepare
    const postId = await submitted('Coffee for everyone.');
    const rejected = await call('POST', `/posts/${postId}/decisions`, await token('reviewer-1'), {
      revision: 1,
      decision: 'reject',
      comment: 'Off brand',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);

    // Act
    const answer = await call('GET', `/brands/${brandId}/rejections`, await token('viewer-1'));
    const badRange = await call(
      'GET',
      `/brands/${brandId}/rejections?from=yesterday`,
      await token('viewer-1'),
    );

    // Assess
    const rejections = answer.body.rejections as { postId: string; status: string; decision?: object }[];
    expect(rejections.find((r) => r.postId === postId)).toMatchObject({
      status: 'rejected',
      decision: { reviewerId: 'reviewer-1', decision: 'reject', comment: 'Off brand', stage: 'brand' },
    });
    expect(badRange.status).toBe(400);
    expect(badRange.body.errors).toEqual([expect.objectContaining({ field: 'from', rule: 'date-time' })]);
  });

  it('show the profile to every member and the memberships to admins only', async () => {
    // Act
    const asAdmin = await call('GET', `/brands/${brandId}`, admin);
    const asReviewer = await call('GET', `/brands/${brandId}`, await token('reviewer-1'));

    // Assess
    expect(asAdmin.body).toMatchObject({
      profile: { brandId, timeZone: 'Asia/Shanghai' },
      caller: { subject: 'admin-1', roles: ['brand-admin'] },
    });
    const members = asAdmin.body.members as { memberId: string; roles: string[] }[];
    expect(members.map((m) => m.memberId).sort()).toEqual(['editor-1', 'reviewer-1', 'viewer-1']);
    expect(asReviewer.body).toMatchObject({
      caller: { roles: ['reviewer'], actions: ['DecideReview', 'ReadPosts', 'ApproveFeedbackReply'] },
    });
    expect(asReviewer.body.members).toBeUndefined();
  });

  it('point at the latest report of the brand, with links that open each stored format', async () => {
    // Prepare
    const bucket = runtime.template.buckets.find((b) => b.logicalId.startsWith('Reports'))?.name ?? '';
    const stored = {
      html: '<!doctype html><html><head><title>Monthly report</title></head><body><h1>Monthly report</h1></body></html>',
      md: '# Monthly report\n',
      csv: 'channel,posts\nx,2\n',
    };
    const s3 = new S3Client({ endpoint: runtime.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    const base = { brandId, kind: 'month' as const, timeZone: 'Asia/Shanghai', language: 'zh-CN', bucket };
    for (const [period, generatedAt] of [
      ['2030-01', '2030-02-01T01:00:00Z'],
      ['2030-02', '2030-03-01T01:00:00Z'],
    ] as const) {
      const objects = {
        html: `reports/${brandId}/${period}/report.html`,
        md: `reports/${brandId}/${period}/report.md`,
        csv: `reports/${brandId}/${period}/report.csv`,
      };
      for (const [format, key] of Object.entries(objects)) {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: stored[format as keyof typeof stored] }),
        );
      }
      await putReportIndex({ ...base, period, generatedAt, objects, sample: 3, posts: 2, trigger: 'event' });
    }
    s3.destroy();

    // Act
    const answer = await call('GET', `/brands/${brandId}/reports/latest`, await token('viewer-1'));
    const links = answer.body.links as Record<string, string>;
    const opened = Object.fromEntries(
      await Promise.all(
        Object.entries(links).map(
          async ([format, url]) => [format, await (await fetch(url)).text()] as const,
        ),
      ),
    );

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      period: '2030-02',
      objects: { html: `reports/${brandId}/2030-02/report.html` },
    });
    expect(Object.keys(links).sort()).toEqual(['csv', 'html', 'md']);
    expect(links.html).toContain(`/reports/${brandId}/2030-02/report.html?`);
    expect(opened).toEqual(stored);
  });

  it('refuse the latest report, and so its links, to a viewer of another brand (403)', async () => {
    // Prepare
    await seedBrandWithMembers(
      runtime,
      { brandId: uniqueId('portal-other'), timeZone: 'Asia/Shanghai' },
      { 'viewer-other': ['viewer'] },
    );

    // Act
    const answer = await call('GET', `/brands/${brandId}/reports/latest`, await token('viewer-other'));

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body.links).toBeUndefined();
  });
});
