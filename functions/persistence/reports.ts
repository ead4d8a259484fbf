import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { PeriodKind } from '../domain/periods.js';
import type { ReportFormat } from '../domain/report.js';
import { keys } from './keys.js';
import { getRecord, queryRecords, tableName } from './table.js';

/** Where a report is and what it covers (pk `BRAND#<brandId>`, sk `REPORT#<period>`). */
export interface ReportIndexItem {
  brandId: string;
  /** `2026-W48`, `2026-11`... */
  period: string;
  kind: PeriodKind;
  timeZone: string;
  language: string;
  bucket: string;
  /** The object key of each format. */
  objects: Record<ReportFormat, string>;
  generatedAt: string;
  /** Post-channels and posts behind the figures. */
  sample: number;
  posts: number;
  trigger: 'event' | 'schedule' | 'command';
}

/**
 * Records where a brand's report for a period is. A later generation of the same period
 * replaces the item (the bucket keeps every version of the objects).
 *
 * @example
 * ```ts
 * await putReportIndex({ brandId: 'acme', period: '2026-11', kind: 'month', ... });
 * ```
 */
export async function putReportIndex(item: ReportIndexItem): Promise<void> {
  await dynamo.send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.report(item.brandId, item.period), ...item } }),
  );
}

/**
 * The index item of a brand's report for a period, or `undefined`.
 *
 * @example
 * ```ts
 * const report = await getReportIndex('acme', '2026-11');
 * ```
 */
export async function getReportIndex(brandId: string, period: string): Promise<ReportIndexItem | undefined> {
  return getRecord<ReportIndexItem>(keys.report(brandId, period));
}

/**
 * Every report of a brand, by period label.
 *
 * @example
 * ```ts
 * const reports = await listReports('acme');
 * ```
 */
export async function listReports(brandId: string): Promise<ReportIndexItem[]> {
  return queryRecords<ReportIndexItem>(keys.brand(brandId).pk, keys.reportPrefix, false);
}
