import type { PostRecord } from '../domain/post.js';
import { feedbackCountsOf } from './feedback.js';
import { keys, withoutKeys } from './keys.js';

/**
 * A post is stored as up to three items of its partition, so that a status change rewrites
 * only a small item: every write costs one unit per started KB of the larger of the old
 * and new item, doubled in a transaction.
 *
 * - `POST`: status, revision, execution, schedule, hashes, progress (every step changes it);
 * - `POST#CONTENT`: the per-channel content and promotion, with the `calendar` index keys
 *   (written on submission, edit and reschedule only);
 * - `POST#REVIEW`: the policy result and the review progress (written by the policy check
 *   and the review steps only).
 */
export type PostPart = 'head' | 'content' | 'review';

/** The attributes each part other than the head holds; every other attribute is the head's. */
const PART_FIELDS: Record<Exclude<PostPart, 'head'>, readonly string[]> = {
  content: ['content', 'promotion'],
  review: ['policy', 'review'],
};

/** The sort key of each part; all of them start with `POST`, so one Query reads the post. */
export const PART_SORT_KEYS: Record<PostPart, string> = {
  head: 'POST',
  content: 'POST#CONTENT',
  review: 'POST#REVIEW',
};

/** The part that stores an attribute. */
export function partOf(attribute: string): PostPart {
  if (PART_FIELDS.content.includes(attribute)) return 'content';
  if (PART_FIELDS.review.includes(attribute)) return 'review';
  return 'head';
}

/** An attribute map split by the part that stores each attribute. */
export function splitByPart<T>(attributes: Record<string, T>): Record<PostPart, Record<string, T>> {
  const parts: Record<PostPart, Record<string, T>> = { head: {}, content: {}, review: {} };
  for (const [name, value] of Object.entries(attributes)) parts[partOf(name)][name] = value;
  return parts;
}

/** The key of one part of a post. */
export function partKey(postId: string, part: PostPart) {
  return { pk: keys.post(postId).pk, sk: PART_SORT_KEYS[part] };
}

/**
 * The post as one record from the items of its partition read back (any order). A post
 * written before the split keeps everything on its `POST` item and reads the same way.
 */
export function mergeParts(items: readonly Record<string, unknown>[]): PostRecord | undefined {
  const head = items.find((item) => item.sk === PART_SORT_KEYS.head);
  if (!head) return undefined;
  const record: Record<string, unknown> = withoutKeys(head);
  for (const item of items) {
    if (item.sk === PART_SORT_KEYS.content || item.sk === PART_SORT_KEYS.review) {
      Object.assign(record, withoutKeys(item));
    }
    // Kept by each feedback record's transaction (functions/persistence/feedback.ts), never by a post write.
    if (item.sk === keys.postFeedbackCounts('').sk) record.feedbackCounts = feedbackCountsOf(item);
  }
  return record as unknown as PostRecord;
}
