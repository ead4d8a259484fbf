import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import type { PostStatus } from '../domain/lifecycle.js';
import type { PostRecord } from '../domain/post.js';
import { toUtc } from '../domain/time.js';
import { keys } from './keys.js';
import { type LifecycleLogEntry, logItem } from './lifecycle-log.js';
import { outboxAttribute } from './outbox.js';
import { mergeParts, PART_SORT_KEYS, type PostPart, partKey, partOf, splitByPart } from './post-items.js';
import {
  batchGetAll,
  isConditionFailure,
  queryCalendarBetween,
  tableName,
  updateExpression,
} from './table.js';

/**
 * Reads a post, or `undefined` when no post has the id: one strongly consistent Query of the
 * post's items (`sk` starting with `POST`), merged into the record.
 *
 * @example
 * ```ts
 * const post = await getPost('post-1');
 * ```
 */
export async function getPost(postId: string): Promise<PostRecord | undefined> {
  const { Items } = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :post)',
      ExpressionAttributeValues: { ':pk': keys.post(postId).pk, ':post': PART_SORT_KEYS.head },
      ConsistentRead: true,
    }),
  );
  return mergeParts(Items ?? []);
}

/**
 * Creates a post and its first log entry in one transaction, only if no post has the id.
 * Returns false when the post already exists (a concurrent or repeated submission). The
 * `events` reporting the creation are written on the log entry (the outbox) or not at all.
 *
 * @example
 * ```ts
 * const created = await createPost(post, { action: 'submitted', actor, revision: 1 }, [postSubmitted]);
 * ```
 */
export async function createPost(
  post: PostRecord,
  log: Omit<LifecycleLogEntry, 'at'>,
  events: readonly OutboundEntry[] = [],
): Promise<boolean> {
  const parts = splitByPart(definedOnly(post as unknown as Record<string, unknown>));
  const put = (part: PostPart, item: Record<string, unknown>) => ({
    Put: {
      TableName: tableName(),
      Item: { ...partKey(post.postId, part), ...item },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          put('head', parts.head),
          put('content', { ...keys.calendar(post.brandId, post.scheduledAt, post.postId), ...parts.content }),
          ...(Object.keys(parts.review).length ? [put('review', parts.review)] : []),
          {
            Put: {
              TableName: tableName(),
              Item: { ...logItem(post.postId, log), ...outboxAttribute(events) },
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
  /** The events reporting the change: on the log entry (the outbox), so they go out if and only if it applied. */
  events?: readonly OutboundEntry[];
}

/**
 * The guard of a change decided on the post as it was read, that also ends the review it waits
 * in: the write applies only while the status, revision and review token are unchanged (a
 * racing change wins, and the caller reads again), and the stored review token goes.
 *
 * @example
 * ```ts
 * await changePost(post.postId, { set: { status: 'cancelled' }, ...asReadEndingReview(post), log });
 * ```
 */
export function asReadEndingReview(post: Pick<PostRecord, 'status' | 'revision' | 'reviewTaskToken'>): {
  remove: (keyof PostRecord)[];
  when: PostCondition;
} {
  const token = post.reviewTaskToken;
  return {
    remove: token ? ['reviewTaskToken', 'reviewRevision'] : [],
    when: { statusIn: [post.status], revision: post.revision, reviewTaskToken: token ?? null },
  };
}

/**
 * Applies a conditional change to a post together with its log entry and the events that
 * report it, atomically. Returns false when the condition does not hold (a repeated or stale
 * event): nothing is written and nothing is emitted.
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
  const set = splitByPart(definedOnly({ ...change.set, updatedAt: now }));
  const scheduledAt = change.set?.scheduledAt;
  const brandId = change.set?.brandId;
  // The calendar index keys live on the content item: only a schedule change rewrites the index.
  if (scheduledAt && brandId) Object.assign(set.content, keys.calendar(brandId, scheduledAt, postId));
  const remove = splitByPart(Object.fromEntries((change.remove ?? []).map((name) => [name, true])));
  const conditions = partConditions(change.when);
  const writes = (['head', 'content', 'review'] as const).flatMap((part) =>
    partWrite(postId, part, set[part], Object.keys(remove[part]), conditions[part]),
  );
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          ...writes,
          {
            Put: {
              TableName: tableName(),
              Item: { ...logItem(postId, { ...change.log, at: now }), ...outboxAttribute(change.events) },
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

/**
 * The transaction item for one part: an Update when the change sets or removes any of its
 * attributes, a ConditionCheck when only its condition matters, nothing otherwise (a part
 * the change does not touch is not rewritten).
 */
function partWrite(
  postId: string,
  part: PostPart,
  set: Record<string, unknown>,
  remove: string[],
  condition: Condition | undefined,
): TransactItem[] {
  const Key = partKey(postId, part);
  if (Object.keys(set).length === 0 && remove.length === 0) {
    if (!condition) return [];
    return [
      {
        ConditionCheck: {
          TableName: tableName(),
          Key,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: condition.values,
        },
      },
    ];
  }
  const update = updateExpression(set, remove);
  const values = { ...update.values, ...condition?.values };
  return [
    {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: condition?.expression,
        ExpressionAttributeNames: { ...update.names, ...condition?.names },
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      },
    },
  ];
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

interface Condition {
  expression: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/** The condition each part must meet; the head's also requires the post to exist. */
function partConditions(when: PostCondition): Partial<Record<PostPart, Condition>> {
  const parts: Record<
    PostPart,
    { parts: string[]; names: Record<string, string>; values: Record<string, unknown> }
  > = {
    head: { parts: ['attribute_exists(pk)'], names: {}, values: {} },
    content: { parts: [], names: {}, values: {} },
    review: { parts: [], names: {}, values: {} },
  };
  const head = parts.head;
  if (when.statusIn) {
    head.names['#cStatus'] = 'status';
    const placeholders = when.statusIn.map((status, i) => {
      head.values[`:cStatus${i}`] = status;
      return `:cStatus${i}`;
    });
    head.parts.push(`#cStatus IN (${placeholders.join(', ')})`);
  }
  if (when.revision !== undefined) {
    head.names['#cRevision'] = 'revision';
    head.values[':cRevision'] = when.revision;
    head.parts.push('#cRevision = :cRevision');
  }
  if (when.executionName !== undefined) {
    head.names['#cExecution'] = 'executionName';
    head.values[':cExecution'] = when.executionName;
    head.parts.push('#cExecution = :cExecution');
  }
  if (when.reviewTaskToken !== undefined) {
    head.names['#cToken'] = 'reviewTaskToken';
    if (when.reviewTaskToken === null) {
      head.parts.push('attribute_not_exists(#cToken)');
    } else {
      head.values[':cToken'] = when.reviewTaskToken;
      head.parts.push('#cToken = :cToken');
    }
  }
  if (when.reviewSeq !== undefined) {
    const review = parts[partOf('review')];
    review.names['#cReview'] = 'review';
    if (when.reviewSeq === null) {
      review.parts.push('attribute_not_exists(#cReview)');
    } else {
      review.names['#cSeq'] = 'seq';
      review.values[':cSeq'] = when.reviewSeq;
      review.parts.push('#cReview.#cSeq = :cSeq');
    }
  }
  (when.absent ?? []).forEach((attribute, i) => {
    const part = parts[partOf(attribute)];
    part.names[`#cAbsent${i}`] = attribute;
    part.parts.push(`attribute_not_exists(#cAbsent${i})`);
  });
  if (when.below) {
    const part = parts[partOf(when.below.attribute)];
    part.names['#cBelow'] = when.below.attribute;
    part.values[':cBelow'] = when.below.value;
    part.parts.push('(attribute_not_exists(#cBelow) OR #cBelow < :cBelow)');
  }
  const result: Partial<Record<PostPart, Condition>> = {};
  for (const [part, condition] of Object.entries(parts) as [PostPart, (typeof parts)[PostPart]][]) {
    if (condition.parts.length === 0) continue;
    result[part] = {
      expression: condition.parts.join(' AND '),
      names: condition.names,
      values: Object.keys(condition.values).length ? condition.values : undefined,
    };
  }
  return result;
}

function definedOnly(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

/**
 * A brand's posts scheduled in `[fromIso, toIso)`, in time order (the `calendar` index).
 *
 * @example
 * ```ts
 * const week = await listCalendar('acme', '2030-01-01T00:00:00Z', '2030-01-08T00:00:00Z');
 * const slots = await listCalendar('acme', from, to, { withReview: false }); // no policy, no review
 * ```
 */
export async function listCalendar(
  brandId: string,
  fromIso: string,
  toIso: string,
  options: { withReview?: boolean } = {},
): Promise<PostRecord[]> {
  // An item scheduled exactly at `toIso` is left out.
  const indexed = await queryCalendarBetween(`BRAND#${brandId}`, toUtcKey(fromIso), toUtcKey(toIso));
  const others = await readOtherParts(indexed, options.withReview === false ? ['head'] : ['head', 'review']);
  return indexed.flatMap((item) => {
    const post = mergeParts([item, ...(others.get(String(item.pk)) ?? [])]);
    return post ? [post] : [];
  });
}

/**
 * The `parts` items of the posts whose content items the index returned, by `pk`
 * (eventually consistent, as the index itself is). A post written before the split is
 * indexed by its `POST` item, which already holds everything.
 */
async function readOtherParts(
  indexed: readonly Record<string, unknown>[],
  parts: readonly Exclude<PostPart, 'content'>[],
) {
  const byPk = new Map<string, Record<string, unknown>[]>();
  const wanted = indexed
    .filter((item) => item.sk === PART_SORT_KEYS.content)
    .flatMap((item) => parts.map((part) => ({ pk: item.pk, sk: PART_SORT_KEYS[part] })));
  for (const item of await batchGetAll(wanted)) {
    byPk.set(String(item.pk), [...(byPk.get(String(item.pk)) ?? []), item]);
  }
  return byPk;
}

function toUtcKey(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${iso}`);
  return toUtc(ms);
}
