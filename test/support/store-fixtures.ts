import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/aws/dynamodb.js';

/**
 * The items of partition `pk` whose sort key begins with `prefix`, as the test table holds them
 * now (a consistent read), in sort-key order: what a store test reads behind the persistence API.
 *
 * @example
 * ```ts
 * await itemsBeginningWith(`POST#${postId}`, 'POST'); // the post and its history items
 * ```
 */
export async function itemsBeginningWith(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const { Items } = await dynamo.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}
