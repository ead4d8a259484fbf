import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import { ConcurrentChangeError } from '../domain/errors.js';
import { executionOfLeaseOwner } from '../domain/publish-lease.js';
import { keys } from './keys.js';
import { claimLease, LEASE_ATTRIBUTES, type LeaseClaim, type LeasedRecord } from './lease.js';
import { type LifecycleLogEntry, logItem, queryPrefix } from './lifecycle-log.js';
import { outboxAttribute } from './outbox.js';
import { getRecord, isConditionFailure, tableName } from './table.js';

/** A post's publication on one channel (pk `POST#<postId>`, sk `PUBLISH#<channel>`). */
export interface PublishRecord extends LeasedRecord {
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
  /** When the first attempt recorded its intent (RFC 3339): nothing older can be this publication. */
  intentAt?: string;
  /** A failed call may have reached the platform: a `failed` channel is re-checked later. */
  ambiguous?: boolean;
  /**
   * The execution whose call may have reached the platform. Within it, a platform without an
   * idempotency key is only looked up again, never posted to again (its list may lag).
   */
  ambiguousIn?: string;
  /** Followers of the posting account when the post went out; absent where the platform does not give it. */
  followersAtPostTime?: number;
  /** The media container (Instagram, Threads) the publication goes through, once created. */
  containerId?: string;
  /**
   * The platform's media id of each asset an attempt uploaded, by asset id, stored the moment
   * the platform named it: a later attempt reuses it and uploads nothing again.
   */
  uploadedMedia?: Record<string, string>;
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
  return getRecord<PublishRecord & { postId: string }>(keys.publish(postId, channel));
}

/** What an attempt found when it asked for a channel's publish lease. */
export type PublishClaim =
  | LeaseClaim<PublishRecord>
  /** The channel is published already: its outcome is final. */
  | { outcome: 'published'; record: PublishRecord };

/**
 * Records the intent to publish and takes the channel's publish lease, in one conditional
 * write (functions/persistence/lease.ts): status `publishing`, one more attempt, the lease
 * owned by this execution and attempt until the function timeout plus a margin. A channel
 * already published, or leased by an attempt that may still be running, is returned as it
 * stands with nothing written.
 *
 * @example
 * ```ts
 * const claim = await claimPublish({ postId: 'post-1', channel: 'x', revision: 1, executionName: 'post-1-r1' });
 * if (claim.outcome === 'acquired') await adapter.publish(request);
 * ```
 */
export async function claimPublish(input: {
  postId: string;
  channel: string;
  revision: number;
  executionName: string;
}): Promise<PublishClaim> {
  const { postId, channel, revision } = input;
  return claimLease<PublishRecord, PublishClaim>({
    key: keys.publish(postId, channel),
    attemptOf: input.executionName,
    read: () => getPublishRecord(postId, channel),
    settled: (current) =>
      current?.status === 'published' ? { outcome: 'published', record: current } : undefined,
    claimable: { condition: '#status <> :published', values: { ':published': 'published' } },
    intent: (current) => ({
      set: [
        'postId = :postId',
        'channel = :channel',
        'revision = :revision',
        '#status = :publishing',
        'idempotencyKey = :key',
        'updatedAt = :nowIso',
        // The map each upload's id is stored into (recordMediaUpload) exists before any upload;
        // another revision may name other files under the same asset ids: it starts empty.
        current && current.revision !== revision
          ? 'uploadedMedia = :noMedia'
          : 'uploadedMedia = if_not_exists(uploadedMedia, :noMedia)',
        // The execution of an attempt that crashed: within it, a platform without a key is only looked up again.
        ...(current?.leaseOwner ? ['ambiguousIn = :crashed'] : []),
      ],
      values: {
        ':postId': postId,
        ':channel': channel,
        ':revision': revision,
        ':publishing': 'publishing',
        ':key': `${postId}:${channel}:r${revision}`,
        ':noMedia': {},
        ...(current?.leaseOwner ? { ':crashed': executionOfLeaseOwner(current.leaseOwner) } : {}),
      },
    }),
    contention: { message: 'other attempts kept changing the publish record', context: { postId, channel } },
  });
}

/**
 * Stores the media container an attempt created, the moment the platform names it, so no
 * later attempt creates another. Only the lease's holder writes it.
 *
 * @example
 * ```ts
 * await recordContainer('post-1', 'instagram', 'post-1-r1#1', '17890012');
 * ```
 */
export async function recordContainer(
  postId: string,
  channel: string,
  owner: string,
  containerId: string,
): Promise<void> {
  await writeAsLeaseHolder(postId, channel, owner, {
    what: 'the container',
    UpdateExpression: 'SET containerId = :value, updatedAt = :now',
    value: containerId,
    context: { containerId },
  });
}

/**
 * Stores the platform's media id of one uploaded asset, the moment the platform names it, so
 * no later attempt uploads the asset again. Only the lease's holder writes it.
 *
 * @example
 * ```ts
 * await recordMediaUpload('post-1', 'mastodon', 'post-1-r1#1', 'a-1', '109876');
 * ```
 */
export async function recordMediaUpload(
  postId: string,
  channel: string,
  owner: string,
  assetId: string,
  mediaId: string,
): Promise<void> {
  await writeAsLeaseHolder(postId, channel, owner, {
    what: `the upload of asset ${assetId}`,
    UpdateExpression: 'SET uploadedMedia.#asset = :value, updatedAt = :now',
    names: { '#asset': assetId },
    value: mediaId,
    context: { assetId, mediaId },
  });
}

/** One conditional write by the lease's holder on a channel not yet published. */
async function writeAsLeaseHolder(
  postId: string,
  channel: string,
  owner: string,
  write: {
    what: string;
    UpdateExpression: string;
    names?: Record<string, string>;
    value: string;
    context: Record<string, string>;
  },
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.publish(postId, channel),
        UpdateExpression: write.UpdateExpression,
        ConditionExpression: 'leaseOwner = :owner AND #status <> :published',
        ExpressionAttributeNames: { '#status': 'status', ...write.names },
        ExpressionAttributeValues: {
          ':value': write.value,
          ':owner': owner,
          ':published': 'published',
          ':now': new Date().toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConcurrentChangeError(
      `the publish lease passed to another attempt before ${write.what} was stored`,
      { cause: error, context: { postId, channel, ...write.context } },
    );
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
  result: { externalId: string; url: string; publishedAt: string; followersAtPostTime?: number },
): Promise<void> {
  await setOutcome(
    postId,
    channel,
    {
      status: 'published',
      externalId: result.externalId,
      url: result.url,
      publishedAt: result.publishedAt,
      ...(result.followersAtPostTime === undefined
        ? {}
        : { followersAtPostTime: result.followersAtPostTime }),
    },
    LEASE_ATTRIBUTES,
  );
}

/**
 * Records a failed attempt's error and gives its lease back, so the next attempt need not wait
 * for the lease to expire; `ambiguous` marks a call that may have reached the platform. The status stays `publishing`: a retry finds the intent, and only
 * RecordChannelFailure (after the workflow gives up) marks the channel `failed`. An attempt
 * whose lease passed to another writes nothing.
 *
 * @example
 * ```ts
 * await recordPublishError('post-1', 'x', 'post-1-r1#2', 'ChannelTransientError: 503', true);
 * ```
 */
export async function recordPublishError(
  postId: string,
  channel: string,
  owner: string,
  message: string,
  ambiguous = false,
): Promise<void> {
  // Once a call may have reached the platform, the channel stays worth re-checking.
  const values = {
    lastError: message.slice(0, 500),
    ...(ambiguous ? { ambiguous: true, ambiguousIn: executionOfLeaseOwner(owner) } : {}),
  };
  await setOutcome(postId, channel, values, LEASE_ATTRIBUTES, owner);
}

async function setOutcome(
  postId: string,
  channel: string,
  values: Record<string, unknown>,
  remove: readonly string[] = [],
  owner?: string,
): Promise<void> {
  const entries = Object.entries({ ...values, updatedAt: new Date().toISOString() });
  const removed = remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : '';
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.publish(postId, channel),
        UpdateExpression: `SET ${entries.map((_, i) => `#a${i} = :v${i}`).join(', ')}${removed}`,
        ConditionExpression: `attribute_exists(pk) AND #status <> :published${owner ? ' AND leaseOwner = :owner' : ''}`,
        ExpressionAttributeNames: {
          '#status': 'status',
          ...Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
          ...Object.fromEntries(remove.map((name, i) => [`#r${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':published': 'published',
          ...(owner ? { ':owner': owner } : {}),
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
  return updateWithLog(postId, channel, log, events, (now) => ({
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
  }));
}

/**
 * Corrects a channel marked failed that a later re-check found published, with its log entry
 * in the same transaction. Returns false when it was no longer `failed` (a repeat): nothing
 * is written.
 *
 * @example
 * ```ts
 * await recordChannelCorrected('post-1', 'x', found, logEntry);
 * ```
 */
export async function recordChannelCorrected(
  postId: string,
  channel: string,
  result: { externalId: string; url: string; publishedAt: string },
  log: Omit<LifecycleLogEntry, 'at'>,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  return updateWithLog(postId, channel, log, events, (now) => ({
    UpdateExpression:
      'SET #status = :published, externalId = :id, #url = :url, publishedAt = :at, updatedAt = :now ' +
      'REMOVE ambiguous, ambiguousIn',
    ConditionExpression: '#status = :failed',
    ExpressionAttributeNames: { '#status': 'status', '#url': 'url' },
    ExpressionAttributeValues: {
      ':published': 'published',
      ':failed': 'failed',
      ':id': result.externalId,
      ':url': result.url,
      ':at': result.publishedAt,
      ':now': now,
    },
  }));
}

/**
 * Updates a publish record and writes its log entry, with the events that report it, in one
 * transaction. Returns false when the update's condition did not hold (a repeat): nothing is
 * written.
 */
async function updateWithLog(
  postId: string,
  channel: string,
  log: Omit<LifecycleLogEntry, 'at'>,
  events: readonly OutboundEntry[],
  update: (now: string) => {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  },
): Promise<boolean> {
  const now = new Date().toISOString();
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: tableName(), Key: keys.publish(postId, channel), ...update(now) } },
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
