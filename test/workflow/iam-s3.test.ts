import { GetObjectAclCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jumpLocalClock } from '../../local/clock.js';
import { runAsFunction } from '../../local/iam/caller.js';
import { HOUR, putEvent, seedBrand, useLocalRun } from './support.js';

const runtime = useLocalRun();
let s3: S3Client;
beforeAll(async () => {
  s3 = new S3Client({ endpoint: runtime.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, maxAttempts: 1 });
});
afterAll(async () => {
  s3?.destroy();
});

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: SdkError) => error,
  );
const functionOf = (role: string) => {
  const fn = Object.values(runtime.template.functions).find((candidate) => candidate.role === role);
  if (!fn) throw new Error(`no function with role ${role}`);
  return fn.logicalId;
};
const bucket = () => runtime.template.buckets.find((b) => b.logicalId.startsWith('Reports'))?.name ?? '';

describe('S3 calls under the local IAM enforcement', () => {
  it('lets Generate Report put its report objects, each put checked against its role', async () => {
    // Prepare
    const { brandId } = await seedBrand();
    const period = new Date().toISOString().slice(0, 7);

    // Act
    await putEvent(runtime, 'Generate Report', { brandId, period, requestedBy: { id: 'u-1' } });
    const ready = await runtime.waitForEvent(
      (event) => event['detail-type'] === 'Report Ready' && event.detail.brandId === brandId,
      60_000,
    );

    // Assess
    const objects = ready.detail.objects as Record<string, string>;
    expect(Object.keys(objects).sort()).toEqual(['csv', 'html', 'md']);
    const puts = runtime.iamDecisions
      .filter((d) => d.action.startsWith('s3:'))
      .sort((a, b) => a.resource.localeCompare(b.resource));
    expect(puts).toEqual(
      Object.values(objects)
        .sort()
        .map((key) =>
          expect.objectContaining({
            functionLogicalId: functionOf('Generate Report'),
            action: 's3:PutObject',
            resource: `arn:aws:s3:::${bucket()}/${key}`,
            allowed: true,
          }),
        ),
    );
  });

  it('answers an S3 call outside a role with S3 AccessDenied, and one it cannot map with a loud refusal', async () => {
    // Prepare
    const put = (key: string) =>
      s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: 'x', ContentType: 'text/plain' }));

    // Act
    const [outsidePrefix, read, otherFunction, unmapped] = await Promise.all([
      runAsFunction(functionOf('Generate Report'), () => failure(put('elsewhere/report.html'))),
      runAsFunction(functionOf('Generate Report'), () =>
        failure(s3.send(new GetObjectCommand({ Bucket: bucket(), Key: 'reports/any/report.html' }))),
      ),
      runAsFunction(functionOf('confirmStillScheduled'), () => failure(put('reports/any/report.html'))),
      runAsFunction(functionOf('Generate Report'), () =>
        failure(s3.send(new GetObjectAclCommand({ Bucket: bucket(), Key: 'reports/any/report.html' }))),
      ),
    ]);

    // Assess
    for (const [error, action] of [
      [outsidePrefix, 's3:PutObject'],
      [read, 's3:GetObject'],
      [otherFunction, 's3:PutObject'],
    ] as const) {
      expect(error?.name).toBe('AccessDenied');
      expect(error?.$metadata?.httpStatusCode).toBe(403);
      expect(error?.message).toContain(`is not authorized to perform: ${action}`);
    }
    expect(unmapped?.$metadata?.httpStatusCode).toBe(500);
    expect(unmapped?.message).toMatch(/no IAM mapping in the local twin/);
  });

  it('lets a presigned GET do only what its signing function may: the latest-report route opens a report, Generate Report cannot', async () => {
    // Prepare
    const key = 'reports/presign-check/2030-01/report.html';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket(), Key: key, Body: '<h1>Report</h1>', ContentType: 'text/html' }),
    );
    const presignAs = (role: string) =>
      runAsFunction(functionOf(role), () =>
        getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: 300 }),
      );

    // Act
    const [allowed, denied] = await Promise.all([
      presignAs('GET /brands/{brandId}/reports/latest').then(fetch),
      presignAs('Generate Report').then(fetch),
    ]);

    // Assess
    expect([allowed.status, await allowed.text()]).toEqual([200, '<h1>Report</h1>']);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code>');
  });

  it("keeps the latest-report route's presigned link open for its 300 wall-clock seconds across a two-hour jump of the clock", async () => {
    // Prepare
    const key = 'reports/presign-clock/2030-01/report.html';
    await s3.send(
      new PutObjectCommand({ Bucket: bucket(), Key: key, Body: '<h1>Held</h1>', ContentType: 'text/html' }),
    );
    const url = await runAsFunction(functionOf('GET /brands/{brandId}/reports/latest'), () =>
      getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: 300 }),
    );

    // Act: another post's wait ends while the person holding the link has not clicked yet
    await jumpLocalClock(() => Date.now() + 2 * HOUR);
    const opened = await fetch(url);

    // Assess
    expect([opened.status, await opened.text()]).toEqual([200, '<h1>Held</h1>']);
  });
});
