import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import { isConditionFailure, tableName } from './table.js';

/** A conversion attributed to a post (pk `POST#<postId>`, sk `CONVERSION#<conversionId>`). */
export interface ConversionRecord {
  conversionId: string;
  postId: string;
  channel: string;
  kind: string;
  value?: { amount: number; currency: string };
  occurredAt: string;
  recordedAt: string;
}

/**
 * Stores a conversion once per `conversionId`: returns `false` when it was already there.
 *
 * @example
 * ```ts
 * const isNew = await putConversion({ conversionId: 'order-1', postId, channel: 'x', kind: 'purchase', occurredAt, recordedAt });
 * ```
 */
export async function putConversion(conversion: ConversionRecord): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: `POST#${conversion.postId}`, sk: `CONVERSION#${conversion.conversionId}`, ...conversion },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * A post's conversions, by conversion id.
 *
 * @example
 * ```ts
 * const conversions = await listConversions('spring-launch');
 * ```
 */
export async function listConversions(postId: string): Promise<ConversionRecord[]> {
  const page = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `POST#${postId}`, ':sk': 'CONVERSION#' },
    }),
  );
  return (page.Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => rest as ConversionRecord);
}
