import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { periodLabel } from '../functions/domain/periods.js';
import { localClientConfig } from './core/template.js';
import type { LocalBrandflow } from './runtime.js';

/** What the demo's report run left, for its closing lines. */
export interface DemoReport {
  period: string;
  /** The HTML report, copied out of the local S3 server to a file a browser opens. */
  htmlFile: string;
  objects: Record<string, string>;
}

/**
 * Ends the demo as an integrator would: puts `Generate Report` for the month (in the brand's
 * zone) its posts were published in, waits for `Report Ready`, and fetches the HTML it names from the local S3 server
 * with the real S3 client, into `<dataDir>/reports/<brand>/<period>/report.html`.
 *
 * @example
 * ```ts
 * const { htmlFile } = await generateDemoReport(brandflow, 'aurora-tea', 'UTC', '.brandflow', Date.parse(scheduledAt));
 * ```
 */
export async function generateDemoReport(
  brandflow: LocalBrandflow,
  brandId: string,
  timeZone: string,
  dataDir: string,
  publishedAt: number,
): Promise<DemoReport> {
  const period = periodLabel(publishedAt, 'month', timeZone);
  await brandflow.putEvents([
    {
      EventBusName: brandflow.env.EVENT_BUS_NAME,
      Source: 'demo.admin',
      DetailType: 'Generate Report',
      Detail: JSON.stringify({ brandId, period, requestedBy: { id: 'brand-manager-1' } }),
    },
  ]);
  const ready = await brandflow.waitForEvent(
    (event) =>
      event['detail-type'] === 'Report Ready' &&
      event.detail.brandId === brandId &&
      event.detail.period === period,
    60_000,
  );
  const { bucket, objects } = ready.detail as { bucket: string; objects: Record<string, string> };
  const s3 = new S3Client({
    ...localClientConfig,
    endpoint: brandflow.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
  });
  try {
    const html = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: objects.html }));
    const htmlFile = join(dataDir, 'reports', brandId, period, 'report.html');
    mkdirSync(dirname(htmlFile), { recursive: true });
    writeFileSync(htmlFile, (await html.Body?.transformToString()) ?? '');
    return { period, htmlFile, objects };
  } finally {
    s3.destroy();
  }
}
