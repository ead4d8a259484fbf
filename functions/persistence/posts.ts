import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import type { PostStatus } from '../domain/lifecycle.js';
import type { PostRecord } from '../domain/post.js';
import { keys, withoutKeys } from './keys.js';
import { type LifecycleLogEntry, logItem } from './lifecycle-log.js';
import { isConditionFailure, tableName, updateExpression } from './table.js';
import { TableDesign } from './table-design.js';

/**
 * Reads a post, or `undefined` when no post has the id.
 *
 * @example
 * ```ts
 * const post = await getPost('post-1');
 * ```
 */
export async function getPost(postId: string): Promise<PostRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.post(postId), ConsistentRead: true }),
  );
  return Item ? withoutKeys<PostRecord>(Item) : undefined;
}

/**
 * Creates a post and its first log entry in one transaction, only if no post has the id.
 * Returns false when the post already exists (a concurrent or repeated submission).
 *
 * @example
 * ```ts
 * const created = await createPost(post, { action: 'submitted', actor, revision: 1 });
 * ```
 */
export async function createPost(post: PostRecord, log: Omit<LifecycleLogEntry, 'at'>): Promise<boolean> {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.post(post.postId),
                ...keys.calendar(post.brandId, post.scheduledAt, post.postId),
                ...post,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName(), Item: logItem(post.postId, log) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** What the stored post must look like for a change to apply. */
export interface PostCondition {
  statusIn?: readonly PostStatus[];
  revision?: number;
  executionName?: string;
  /** A string: the stored token must equal it; null: no token may be stored. */
  reviewTaskToken?: string | null;
  /** The stored `review.seq` must equal it (null: no review stored), so racing decisions apply once. */
  reviewSeq?: number | null;
  /** Attributes that must not exist yet (first write wins). */
  absent?: readonly string[];
  /** The numeric attribute must be absent or lower than the value (monotonic progress). */
  below?: { attribute: string; value: number };
}

export interface PostChange {
  set?: Partial<PostRecord> & Record<string, unknown>;
  remove?: readonly (keyof PostRecord)[];
  when: PostCondition;
  /** The entry recording the change, written in the same transaction or not at all. */
  log: Omit<LifecycleLogEntry, 'at'>;
}

/**
 * Applies a conditional change to a post together with its log entry, atomically. Returns
 * false when the condition does not hold (a repeated or stale event): nothing is written.
 *
 * @example
 * ```ts
 * const changed = await changePost('post-1', {
 *   set: { status: 'cancelled' },
 *   when: { statusIn: ['scheduled'], revision: 2 },
 *   log: { action: 'cancelled', actor: { type: 'user', id: 'u-1' }, revision: 2 },
 * });
 * ```
 */
export async function changePost(postId: string, change: PostChange): Promise<boolean> {
  const now = new Date().toISOString();
  const set: Record<string, unknown> = { ...change.set, updatedAt: now };
  const scheduledAt = change.set?.scheduledAt;
  const brandId = change.set?.brandId;
  if (scheduledAt && brandId) Object.assign(set, keys.calendar(brandId, scheduledAt, postId));
  const update = updateExpression(set, change.remove as string[] | undefined);
  const condition = conditionExpression(change.when);
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.post(postId),
              UpdateExpression: update.UpdateExpression,
              ConditionExpression: condition.expression,
              ExpressionAttributeNames: { ...update.names, ...condition.names },
              ExpressionAttributeValues: { ...update.values, ...condition.values },
            },
          },
          { Put: { TableName: tableName(), Item: logItem(postId, { ...change.log, at: now }) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function conditionExpression(when: PostCondition) {
  const parts = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (when.statusIn) {
    names['#cStatus'] = 'status';
    const placeholders = when.statusIn.map((status, i) => {
      values[`:cStatus${i}`] = status;
      return `:cStatus${i}`;
    });
    parts.push(`#cStatus IN (${placeholders.join(', ')})`);
  }
  if (when.revision !== undefined) {
    names['#cRevision'] = 'revision';
    values[':cRevision'] = when.revision;
    parts.push('#cRevision = :cRevision');
  }
  if (when.executionName !== undefined) {
    names['#cExecution'] = 'executionName';
    values[':cExecution'] = when.executionName;
    parts.push('#cExecution = :cExecution');
  }
  if (when.reviewTaskToken !== undefined) {
    names['#cToken'] = 'reviewTaskToken';
    if (when.reviewTaskToken === null) {
      parts.push('attribute_not_exists(#cToken)');
    } else {
      values[':cToken'] = when.reviewTaskToken;
      parts.push('#cToken = :cToken');
    }
  }
  if (when.reviewSeq !== undefined) {
    names['#cReview'] = 'review';
    if (when.reviewSeq === null) {
      parts.push('attribute_not_exists(#cReview)');
    } else {
      names['#cSeq'] = 'seq';
      values[':cSeq'] = when.reviewSeq;
      parts.push('#cReview.#cSeq = :cSeq');
    }
  }
  (when.absent ?? []).forEach((attribute, i) => {
    names[`#cAbsent${i}`] = attribute;
    parts.push(`attribute_not_exists(#cAbsent${i})`);
  });
  if (when.below) {
    names['#cBelow'] = when.below.attribute;
    values[':cBelow'] = when.below.value;
    parts.push('(attribute_not_exists(#cBelow) OR #cBelow < :cBelow)');
  }
  return { expression: parts.join(' AND '), names, values: Object.keys(values).length ? values : undefined };
}

/**
 * A brand's posts scheduled in `[fromIso, toIso)`, in time order (the `calendar` index).
 *
 * @example
 * ```ts
 * const week = await listCalendar('acme', '2030-01-01T00:00:00Z', '2030-01-08T00:00:00Z');
 * ```
 */
export async function listCalendar(brandId: string, fromIso: string, toIso: string): Promise<PostRecord[]> {
  const { calendarIndex } = TableDesign;
  const posts: PostRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: calendarIndex.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': calendarIndex.partitionKey, '#sk': calendarIndex.sortKey },
        ExpressionAttributeValues: {
          ':pk': `BRAND#${brandId}`,
          ':from': toUtcKey(fromIso),
          // '#' sorts before any id character, so this excludes posts scheduled exactly at `toIso`.
          ':to': `${toUtcKey(toIso)}#`,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) posts.push(withoutKeys<PostRecord>(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return posts;
}

function toUtcKey(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${iso}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
