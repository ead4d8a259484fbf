import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import { ConcurrentChangeError, NotFoundError } from '../domain/errors.js';
import type { ReplyStatus } from '../domain/feedback-reply.js';
import type { FeedbackRecord } from './feedback.js';
import { parseFeedbackId } from './feedback.js';
import { keys, withoutKeys } from './keys.js';
import { claimLease, LEASE_ATTRIBUTES, type LeaseClaim, type LeasedRecord } from './lease.js';
import { outboxItem } from './outbox.js';
import { tableName, transactOnce, updateIf } from './table.js';

/**
 * The brand's reply to one feedback record (pk `BRAND#<brandId>`, sk `FEEDBACKREPLY#<key>`):
 * one per feedback, edited until it is approved, then sent once under a lease like a post's
 * channel (functions/domain/publish-lease.ts).
 */
export interface FeedbackReplyRecord extends LeasedRecord {
  feedbackId: string;
  brandId: string;
  /** The post the feedback is under. */
  postId: string;
  channel: string;
  text: string;
  /** {@link replyContentHash} of the text: what an approval names. */
  contentHash: string;
  /** One more on every edit. */
  edition: number;
  /**
   * The reply container an attempt of this edition created (Threads): published by a later
   * attempt, never made again. A new edition is a new item, without it.
   */
  containerId?: string;
  status: ReplyStatus;
  /** The writer: the verified caller's subject. */
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** Send attempts so far. */
  attempts: number;
  /** When the first send attempt recorded its intent (RFC 3339): nothing older on the platform is this reply. */
  intentAt?: string;
  /** A failed attempt's call may have reached the platform: look before posting again. */
  ambiguous?: boolean;
  lastError?: string;
  externalId?: string;
  url?: string;
  sentAt?: string;
}

const keyOf = (feedbackId: string) => {
  const parsed = parseFeedbackId(feedbackId);
  if (!parsed)
    throw new NotFoundError('no feedback has this id', { context: { feedbackId: feedbackId.slice(0, 64) } });
  return parsed;
};
const replyKey = (feedbackId: string) => {
  const { brandId, key } = keyOf(feedbackId);
  return keys.feedbackReply(brandId, key);
};

async function getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return Item ? withoutKeys<T>(Item) : undefined;
}

/**
 * A feedback record by its id, or undefined when there is none (or the id is not one).
 *
 * @example
 * ```ts
 * const record = await getFeedbackRecord('acme.0123456789abcdef01234567');
 * ```
 */
export async function getFeedbackRecord(feedbackId: string): Promise<FeedbackRecord | undefined> {
  const parsed = parseFeedbackId(feedbackId);
  return parsed ? getItem<FeedbackRecord>(keys.feedback(parsed.brandId, parsed.key)) : undefined;
}

/**
 * The reply to a feedback record, if one was written.
 *
 * @example
 * ```ts
 * const reply = await getReply('acme.0123456789abcdef01234567');
 * ```
 */
export async function getReply(feedbackId: string): Promise<FeedbackReplyRecord | undefined> {
  return parseFeedbackId(feedbackId) ? getItem<FeedbackReplyRecord>(replyKey(feedbackId)) : undefined;
}

/**
 * Writes a reply (new, or an edit of one not yet approved) with its events, in one transaction
 * that also checks its feedback is still open. Returns false when a condition failed: the
 * feedback closed, or the reply was approved or sent meanwhile.
 *
 * @example
 * ```ts
 * const saved = await saveReply(reply, previous?.edition, [{ type: OutboundEvent.FeedbackReplyRequested, detail }]);
 * ```
 */
export async function saveReply(
  reply: FeedbackReplyRecord,
  previousEdition: number | undefined,
  events: readonly OutboundEntry[],
): Promise<boolean> {
  const { brandId, key } = keyOf(reply.feedbackId);
  return transactOnce([
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: keys.feedback(brandId, key),
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open' },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.feedbackReply(brandId, key), ...reply },
        // Only the edition read may be replaced, and only while no approval let it go out.
        ConditionExpression:
          previousEdition === undefined
            ? 'attribute_not_exists(pk)'
            : 'edition = :seen AND #status IN (:pending, :rejected, :failed)',
        ...(previousEdition === undefined
          ? {}
          : {
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':seen': previousEdition,
                ':pending': 'pending_approval',
                ':rejected': 'rejected',
                ':failed': 'failed',
              },
            }),
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: outboxItem(`reply\n${reply.feedbackId}\n${reply.edition}`, events),
      },
    },
  ]);
}

/**
 * Records an approver's decision on the edition whose hash they saw, with its events. Returns
 * false when the reply no longer waits for approval or its text changed since (an edit voids
 * the approval).
 *
 * @example
 * ```ts
 * await decideReply(feedbackId, { contentHash, approve: true, by: caller.subject }, [event]);
 * ```
 */
export async function decideReply(
  feedbackId: string,
  decision: { contentHash: string; approve: boolean; by: string },
  events: readonly OutboundEntry[],
): Promise<boolean> {
  const now = new Date().toISOString();
  const status: ReplyStatus = decision.approve ? 'approved' : 'rejected';
  return transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: replyKey(feedbackId),
        UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :now',
        ConditionExpression: '#status = :pending AND contentHash = :hash',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':by': decision.by,
          ':now': now,
          ':pending': 'pending_approval',
          ':hash': decision.contentHash,
        },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: outboxItem(`reply-${status}\n${feedbackId}\n${decision.contentHash}`, events),
      },
    },
  ]);
}

/** What a send attempt found when it asked for the reply's lease. */
export type ReplyClaim =
  | LeaseClaim<FeedbackReplyRecord>
  /** Sent already, not (or no longer) approved, or absent: nothing to send. */
  | { outcome: 'settled'; record?: FeedbackReplyRecord };

/**
 * Records the intent to send and takes the reply's lease in one conditional write, as
 * `claimPublish` does for a post's channel (functions/persistence/lease.ts): one more attempt,
 * the lease owned by `attemptId` until the function timeout plus a margin.
 *
 * @example
 * ```ts
 * const claim = await claimReplySend(feedbackId, context.awsRequestId);
 * ```
 */
export async function claimReplySend(feedbackId: string, attemptId: string): Promise<ReplyClaim> {
  return claimLease<FeedbackReplyRecord, ReplyClaim>({
    key: replyKey(feedbackId),
    attemptOf: attemptId,
    read: () => getReply(feedbackId),
    settled: (reply) => (reply?.status === 'approved' ? undefined : { outcome: 'settled', record: reply }),
    claimable: { condition: '#status = :approved', values: { ':approved': 'approved' } },
    intent: () => ({ set: [], values: {} }),
    contention: { message: 'other attempts kept changing the reply', context: { feedbackId } },
  });
}

/**
 * Stores the reply container an attempt created, the moment the platform names it, so a later
 * attempt publishes it instead of making another. Only the lease's holder writes it, and only
 * while the reply is unsent; otherwise ConcurrentChangeError.
 *
 * @example
 * ```ts
 * await recordReplyContainer('acme.0123456789abcdef01234567', owner, '17890012');
 * ```
 */
export async function recordReplyContainer(
  feedbackId: string,
  owner: string,
  containerId: string,
): Promise<void> {
  const { brandId, key } = keyOf(feedbackId);
  const stored = await updateIf({
    Key: keys.feedbackReply(brandId, key),
    UpdateExpression: 'SET containerId = :container',
    ConditionExpression: 'leaseOwner = :owner AND #status = :approved',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':container': containerId, ':owner': owner, ':approved': 'approved' },
  });
  if (!stored) {
    throw new ConcurrentChangeError(
      'the reply lease passed to another attempt before its container was stored',
      {
        context: { feedbackId, containerId },
      },
    );
  }
}

/**
 * Marks the reply sent with what the platform answered and closes its feedback record with the
 * first-response time, with the events, in one transaction. Returns false when this attempt no
 * longer held the lease or the reply was sent already: nothing is written.
 *
 * @example
 * ```ts
 * await recordReplySent(feedbackId, owner, { externalId, url, sentAt }, responseSeconds, [event]);
 * ```
 */
export async function recordReplySent(
  feedbackId: string,
  owner: string,
  result: { externalId: string; url: string; sentAt: string },
  seconds: number,
  events: readonly OutboundEntry[],
): Promise<boolean> {
  const { brandId, key } = keyOf(feedbackId);
  return transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.feedbackReply(brandId, key),
        UpdateExpression:
          'SET #status = :sent, externalId = :id, #url = :url, sentAt = :at ' +
          `REMOVE ${LEASE_ATTRIBUTES.join(', ')}`,
        ConditionExpression: 'leaseOwner = :owner AND #status = :approved',
        ExpressionAttributeNames: { '#status': 'status', '#url': 'url' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':approved': 'approved',
          ':owner': owner,
          ':id': result.externalId,
          ':url': result.url,
          ':at': result.sentAt,
        },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.feedback(brandId, key),
        UpdateExpression: 'SET #status = :closed, firstResponseAt = :at, responseSeconds = :seconds',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':closed': 'closed',
          ':open': 'open',
          ':at': result.sentAt,
          ':seconds': seconds,
        },
      },
    },
    { Put: { TableName: tableName(), Item: outboxItem(`replied\n${feedbackId}`, events) } },
  ]);
}

/**
 * Records a failed send attempt and gives its lease back: `ambiguous` when the call may have
 * reached the platform (the next attempt looks first); `permanent` marks the reply failed with
 * its events (the feedback stays open for another reply). An attempt whose lease passed to
 * another writes nothing.
 *
 * @example
 * ```ts
 * await recordReplyError(feedbackId, owner, 'Mastodon answered 503', { ambiguous: true });
 * ```
 */
export async function recordReplyError(
  feedbackId: string,
  owner: string,
  message: string,
  outcome: { ambiguous?: boolean; permanent?: boolean; events?: readonly OutboundEntry[] },
): Promise<void> {
  const sets = ['lastError = :error', ...(outcome.ambiguous ? ['ambiguous = :true'] : [])];
  if (outcome.permanent) sets.push('#status = :failed');
  await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: replyKey(feedbackId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${LEASE_ATTRIBUTES.join(', ')}`,
        ConditionExpression: 'leaseOwner = :owner AND #status = :approved',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':error': message.slice(0, 500),
          ':owner': owner,
          ':approved': 'approved',
          ...(outcome.ambiguous ? { ':true': true } : {}),
          ...(outcome.permanent ? { ':failed': 'failed' } : {}),
        },
      },
    },
    ...(outcome.permanent && outcome.events?.length
      ? [
          {
            Put: {
              TableName: tableName(),
              Item: outboxItem(`reply-failed\n${feedbackId}\n${owner}`, outcome.events),
            },
          },
        ]
      : []),
  ]);
}
