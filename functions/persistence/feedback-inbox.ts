import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { FeedbackCategory } from '../domain/feedback.js';
import type { FeedbackRecord, FeedbackText } from './feedback.js';
import { keys, withoutKeys } from './keys.js';
import { batchGetAll, tableName } from './table.js';

/** Which of a brand's feedback records an inbox page holds. */
export interface FeedbackFilter {
  status: FeedbackRecord['status'];
  category?: FeedbackCategory;
  /** Only records due before this instant (RFC 3339 UTC): the overdue ones. */
  dueBefore?: string;
}

/** One page of records, and the key to read on from when more may follow. */
export interface FeedbackPage {
  records: FeedbackRecord[];
  /** The hash part of the last record's id read; absent on the last page. */
  lastKey?: string;
}

/** Items DynamoDB evaluates per Query; filtered out ones cost reads too. */
const EVALUATED_PER_QUERY = 200;
/** Queries one page may take before it answers with what it has and a cursor: bounded work per request. */
const MAX_QUERIES_PER_PAGE = 5;

const keyOf = (sk: unknown) => String(sk).slice(keys.feedbackPrefix.length);

/**
 * Up to `limit` of a brand's feedback records that pass `filter`, in key order, starting
 * after the record whose key is `afterKey`: a Query of the brand's `FEEDBACK#` items with a
 * filter, never a scan. A page may hold fewer than `limit` and still have a `lastKey`, when
 * its reads reached their bound first.
 *
 * @example
 * ```ts
 * const { records, lastKey } = await pageFeedback('acme', { status: 'open', category: 'complaint' }, 50);
 * ```
 */
export async function pageFeedback(
  brandId: string,
  filter: FeedbackFilter,
  limit: number,
  afterKey?: string,
): Promise<FeedbackPage> {
  const conditions = ['#status = :status'];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':pk': keys.feedback(brandId, '').pk,
    ':prefix': keys.feedbackPrefix,
    ':status': filter.status,
  };
  if (filter.category) {
    conditions.push('#category = :category');
    names['#category'] = 'category';
    values[':category'] = filter.category;
  }
  if (filter.dueBefore) {
    conditions.push('#dueAt < :dueBefore');
    names['#dueAt'] = 'dueAt';
    values[':dueBefore'] = filter.dueBefore;
  }
  const records: FeedbackRecord[] = [];
  let start: Record<string, unknown> | undefined = afterKey ? keys.feedback(brandId, afterKey) : undefined;
  for (let queries = 0; queries < MAX_QUERIES_PER_PAGE && records.length < limit; queries += 1) {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: EVALUATED_PER_QUERY,
        ExclusiveStartKey: start,
      }),
    );
    const items = page.Items ?? [];
    const room = limit - records.length;
    if (items.length > room) {
      // More matched than the page holds: the next page starts after the last one kept.
      const kept = items.slice(0, room);
      records.push(...kept.map((item) => withoutKeys<FeedbackRecord>(item)));
      return { records, lastKey: keyOf(kept.at(-1)?.sk) };
    }
    records.push(...items.map((item) => withoutKeys<FeedbackRecord>(item)));
    start = page.LastEvaluatedKey;
    if (!start) return { records };
  }
  return { records, ...(start ? { lastKey: keyOf(start.sk) } : {}) };
}

/**
 * The texts still kept of these records (one BatchGetItem per 100), by feedback id. A text
 * past its retention is left out even before DynamoDB's TTL has deleted it.
 *
 * @example
 * ```ts
 * const texts = await feedbackTexts('acme', ['0123456789abcdef01234567'], Date.now());
 * ```
 */
export async function feedbackTexts(
  brandId: string,
  feedbackKeys: readonly string[],
  now: number,
): Promise<Map<string, FeedbackText>> {
  const items = await batchGetAll(feedbackKeys.map((key) => keys.feedbackText(brandId, key)));
  const texts = items
    .map((item) => withoutKeys<FeedbackText>(item))
    .filter((text) => text.expiresAt * 1000 > now);
  return new Map(texts.map((text) => [text.feedbackId, text]));
}
