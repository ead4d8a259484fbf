import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { BestTime } from '../domain/analytics.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/**
 * Keeps a brand's latest best-time analysis (pk `BRAND#<brandId>`, sk `BEST_TIMES`), so a
 * submission can suggest a slot with one read instead of scanning the brand's history.
 *
 * @example
 * ```ts
 * await putBestTimes('acme', model.bestTimes, model.generatedAt);
 * ```
 */
export async function putBestTimes(
  brandId: string,
  bestTimes: BestTime[],
  computedAt: string,
): Promise<void> {
  await dynamo.send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.bestTimes(brandId), bestTimes, computedAt } }),
  );
}

/**
 * A brand's latest best-time analysis, or an empty list before its first report.
 *
 * @example
 * ```ts
 * const x = (await getBestTimes('acme')).find((b) => b.channel === 'x');
 * ```
 */
export async function getBestTimes(brandId: string): Promise<BestTime[]> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.bestTimes(brandId) }),
  );
  return (Item?.bestTimes as BestTime[] | undefined) ?? [];
}
