import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceLocalClockTo, installLocalClock, localNow, realNow } from '../../local/clock.js';
import { localClientConfig } from '../../local/core/template.js';
import { type LocalS3, startLocalS3 } from '../../local/s3-server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** What the report route gives its links (functions/handlers/api-get-latest-report.ts). */
const LINK_SECONDS = 300;
const BUCKET = 'brandflow-links';
const KEY = 'reports/acme/2026-11/report.html';

let uninstallClock: () => void;
let s3: LocalS3;
let client: S3Client;
const link = (signingDate?: Date) =>
  getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
    expiresIn: LINK_SECONDS,
    signingDate,
  });

beforeAll(async () => {
  uninstallClock = installLocalClock();
  s3 = await startLocalS3({ buckets: [BUCKET] });
  client = new S3Client({ ...localClientConfig, endpoint: s3.endpoint, forcePathStyle: true });
  await client.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: KEY,
      Body: '<title>Report</title>',
      ContentType: 'text/html',
    }),
  );
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  uninstallClock();
});

describe("a presigned S3 link and the twin's clock", () => {
  it('still opens after a compressed wait jumps the clock two hours past its 300 seconds', async () => {
    // Prepare
    const url = await link();

    // Act: a post's wait elsewhere moves the clock, then the person holding the link clicks
    advanceLocalClockTo(localNow() + 2 * HOUR);
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<title>Report</title>');
  });

  it('refuses a link signed 10 wall-clock minutes ago for 300 seconds as expired', async () => {
    // Prepare: ten minutes ago the clock had not jumped yet, so it read the wall clock
    const url = await link(new Date(realNow() - 10 * MINUTE));

    // Act
    const response = await fetch(url);

    // Assess
    const body = await response.text();
    expect(response.status).toBe(403);
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('<Message>Request has expired</Message>');
  });
});
