import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import { keys, withoutKeys } from './keys.js';
import { type LifecycleLogEntry, logItem, queryPrefix } from './lifecycle-log.js';
import { outboxAttribute } from './outbox.js';
import { isConditionFailure, tableName } from './table.js';

/** A post's publication on one channel (pk `POST#<postId>`, sk `PUBLISH#<channel>`). */
export interface PublishRecord {
  channel: string;
  revision: number;
  status: 'publishing' | 'published' | 'failed';
  /** `${postId}:${channel}:r${revision}`: the same key on every attempt of one revision. */
  idempotencyKey: string;
  attempts: number;
  externalId?: string;
  url?: string;
  publishedAt?: string;
  lastError?: string;
  updatedAt: string;
}

/**
 * Reads one channel's publish record.
 *
 * @example
 * ```ts
 * const record = await getPublishRecord('post-1', 'x');
 * ```
 */
export async function getPublishRecord(postId: string, channel: string): Promise<PublishRecord | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.publish(postId, channel), ConsistentRead: true }),
  );
  return Item ? withoutKeys<PublishRecord & { postId: string }>(Item) : undefined;
}

/**
 * Records the intent to publish before calling the channel: status `publishing`, one more
 * attempt. Returns the record as it now stands; a record already `published` is returned
 * untouched.
 *
 * @example
 * ```ts
 * const record = await recordPublishIntent('post-1', 'x', 2);
 * if (record.status === 'published') return record;
 * ```
 */
export async function recordPublishIntent(
  postId: string,
  channel: string,
  revision: number,
): Promise<PublishRecord> {
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.publish(postId, channel),
        UpdateExpression:
          'SET postId = :postId, channel = :channel, revision = :revision, #status = :publishing, ' +
          'idempotencyKey = :key, updatedAt = :now ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(#status) OR #status <> :published',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':postId': postId,
          ':channel': channel,
          ':revision': revision,
          ':publishing': 'publishing',
          ':published': 'published',
          ':key': `${postId}:${channel}:r${revision}`,
          ':now': new Date().toISOString(),
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<PublishRecord>(Attributes ?? {});
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getPublishRecord(postId, channel);
    if (!existing) throw error;
    return existing;
  }
}

/**
 * Marks a channel published with what the channel returned; a repeat keeps the first result.
 *
 * @example
 * ```ts
 * await recordPublished('post-1', 'x', { externalId: 'abc', url: 'https://…', publishedAt: '2030-…Z' });
 * ```
 */
export async function recordPublished(
  postId: string,
  channel: string,
  result: { externalId: string; url: string; publishedAt: string },
): Promise<void> {
  await setOutcome(postId, channel, {
    status: 'published',
    externalId: result.externalId,
    url: result.url,
    publishedAt: result.publishedAt,
  });
}

/**
 * Records a failed attempt's error. The status stays `publishing`: a retry finds the intent,
 * and only RecordChannelFailure (after the workflow gives up) marks the channel `failed`.
 *
 * @example
 * ```ts
 * await recordPublishError('post-1', 'x', 'ChannelTransientError: 503');
 * ```
 */
export async function recordPublishError(postId: string, channel: string, message: string): Promise<void> {
  await setOutcome(postId, channel, { lastError: message.slice(0, 500) });
}

async function setOutcome(postId: string, channel: string, values: Record<string, unknown>): Promise<void> {
  const entries = Object.entries({ ...values, updatedAt: new Date().toISOString() });
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.publish(postId, channel),
        UpdateExpression: `SET ${entries.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #status <> :published',
        ExpressionAttributeNames: {
          '#status': 'status',
          ...Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':published': 'published',
          ...Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        },
      }),
    );
  } catch (error) {
    // Published is final: a late or repeated outcome never overwrites it.
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Every channel's publish record of a post.
 *
 * @example
 * ```ts
 * const published = (await listPublishRecords('post-1')).filter((r) => r.status === 'published');
 * ```
 */
export async function listPublishRecords(postId: string): Promise<PublishRecord[]> {
  return queryPrefix<PublishRecord>(postId, keys.publishPrefix);
}

/**
 * Marks a channel failed for good, with its log entry and the events reporting it (the
 * outbox) in the same transaction. Returns
 * false when it was already failed or published (a repeat): nothing is written.
 *
 * @example
 * ```ts
 * await recordChannelFailed('post-1', 'x', 2, 'ChannelPermanentError: refused', logEntry);
 * ```
 */
export async function recordChannelFailed(
  postId: string,
  channel: string,
  revision: number,
  message: string,
  log: Omit<LifecycleLogEntry, 'at'>,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  const now = new Date().toISOString();
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.publish(postId, channel),
              UpdateExpression:
                'SET postId = :postId, channel = :channel, revision = :revision, #status = :failed, ' +
                'idempotencyKey = if_not_exists(idempotencyKey, :key), attempts = if_not_exists(attempts, :zero), ' +
                'lastError = :error, updatedAt = :now',
              ConditionExpression: 'attribute_not_exists(#status) OR NOT #status IN (:failed, :published)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':postId': postId,
                ':channel': channel,
                ':revision': revision,
                ':failed': 'failed',
                ':published': 'published',
                ':key': `${postId}:${channel}:r${revision}`,
                ':zero': 0,
                ':error': message.slice(0, 500),
                ':now': now,
              },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...logItem(postId, { ...log, at: now }), ...outboxAttribute(events) },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
