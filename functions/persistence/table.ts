import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import { requireEnv } from '../aws/env.js';
import { withoutKeys } from './keys.js';
import { TableDesign } from './table-design.js';

/** The table every record lives in (TABLE_NAME, read per call). */
export const tableName = (): string => requireEnv('TABLE_NAME');

/**
 * Whether a write failed only because its condition did not hold: the state it expected
 * has moved on (a repeat, or a concurrent change).
 */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    // A conflict with a concurrent transaction is a lost race too: the caller re-reads and decides again.
    return (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
    );
  }
  return false;
}

/**
 * Every item a Query of the table (or one of its indexes) matches, reading page after page.
 *
 * @example
 * ```ts
 * const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'BRAND#acme' } });
 * ```
 */
export async function queryAll(
  query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({ ...query, TableName: tableName(), ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * One record by its key, read consistently (a write just made is seen), without its key
 * attributes; undefined when there is none.
 *
 * @example
 * ```ts
 * const asset = await getRecord<AssetRecord>(keys.asset('acme', 'a-1'));
 * ```
 */
export async function getRecord<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return Item ? withoutKeys<T>(Item) : undefined;
}

/**
 * Every record of a partition whose sort key starts with `prefix`, in sort-key order, without
 * key attributes. Reads consistently unless `consistent` is false.
 *
 * @example
 * ```ts
 * const library = await queryRecords<AssetRecord>(keys.brand('acme').pk, keys.assetPrefix);
 * ```
 */
export async function queryRecords<T>(pk: string, prefix: string, consistent = true): Promise<T[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ConsistentRead: consistent,
  });
  return items.map((item) => withoutKeys<T>(item));
}

/**
 * The items of `keys` that exist, in any order (BatchGetItem, 100 keys a call, eventually
 * consistent), retrying the keys DynamoDB leaves unprocessed.
 *
 * @example
 * ```ts
 * const items = await batchGetAll([keys.post('p-1'), keys.post('p-2')]);
 * ```
 */
export async function batchGetAll(
  keys: readonly { pk: unknown; sk: unknown }[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending = [...keys];
  while (pending.length > 0) {
    const batch = pending.slice(0, 100);
    pending = pending.slice(100);
    const { Responses, UnprocessedKeys } = await dynamo.send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: batch } } }),
    );
    items.push(...(Responses?.[tableName()] ?? []));
    const unprocessed = UnprocessedKeys?.[tableName()]?.Keys ?? [];
    if (unprocessed.length) {
      await new Promise((done) => setTimeout(done, 50));
      pending = [...(unprocessed as typeof batch), ...pending];
    }
  }
  return items;
}

/**
 * Writes an item unless one with its key exists (first write wins). Returns false when it
 * was already there: a repeat, which changes nothing.
 *
 * @example
 * ```ts
 * const isNew = await putIfAbsent({ pk: 'POST#post-1', sk: 'CONVERSION#order-1', kind: 'purchase' });
 * ```
 */
export async function putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Writes items in one transaction whose conditions guard a first write: returns false when a
 * condition failed (the write was done before), so a retry changes nothing.
 *
 * @example
 * ```ts
 * const isNew = await transactOnce([{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }]);
 * ```
 */
export async function transactOnce(items: TransactWriteCommandInput['TransactItems']): Promise<boolean> {
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The `calendar` index's items under `calendarPk` whose sort key starts at or after `from` and
 * before `to` (both sortable UTC times): `#` sorts before any character a key puts after the
 * time, so an item at exactly `to` is left out.
 *
 * @example
 * ```ts
 * const week = await queryCalendarBetween('BRAND#acme', '2030-01-01T00:00:00.000Z', '2030-01-08T00:00:00.000Z');
 * ```
 */
export async function queryCalendarBetween(
  calendarPk: string,
  from: string,
  to: string,
): Promise<Record<string, unknown>[]> {
  const { calendarIndex } = TableDesign;
  return queryAll({
    IndexName: calendarIndex.name,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': calendarIndex.partitionKey, '#sk': calendarIndex.sortKey },
    ExpressionAttributeValues: { ':pk': calendarPk, ':from': from, ':to': `${to}#` },
  });
}

/**
 * Updates one item of the table when its condition holds: returns false when it did not (a
 * repeat, or the item moved on), so a retry changes nothing.
 *
 * @example
 * ```ts
 * const marked = await updateIf({ Key: key, UpdateExpression: 'SET #s = :ready', ConditionExpression: '#s = :pending', ... });
 * ```
 */
export async function updateIf(update: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await dynamo.send(new UpdateCommand({ TableName: tableName(), ...update }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Builds an UpdateExpression from attributes to set and to remove. */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): { UpdateExpression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([attr, value], i) => {
      names[`#u${i}`] = attr;
      values[`:u${i}`] = value;
      return `#u${i} = :u${i}`;
    });
  const removes = remove.map((attr, i) => {
    names[`#r${i}`] = attr;
    return `#r${i}`;
  });
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return { UpdateExpression: parts.filter(Boolean).join(' '), names, values };
}
