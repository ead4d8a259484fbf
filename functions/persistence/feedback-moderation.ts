import type { OutboundEntry } from '../aws/event-bus.js';
import type { FeedbackRecord } from './feedback.js';
import { parseFeedbackId } from './feedback.js';
import { keys } from './keys.js';
import { outboxItem } from './outbox.js';
import { tableName, transactOnce } from './table.js';

/** A moderation as the feedback record keeps it. */
export type FeedbackModeration = NonNullable<FeedbackRecord['moderation']>;

/**
 * Marks a feedback record moderated, with its events, in one transaction: `spam` also sets the
 * category to spam and closes the item (its SLA checks then end). Returns false when the record
 * is gone or already carries this action (a repeat or an overlapping attempt): nothing is written.
 *
 * @example
 * ```ts
 * await recordModeration(feedbackId, { action: 'hide', by: 'editor-1', at }, [event]);
 * ```
 */
export async function recordModeration(
  feedbackId: string,
  moderation: FeedbackModeration,
  events: readonly OutboundEntry[],
): Promise<boolean> {
  const parsed = parseFeedbackId(feedbackId);
  if (!parsed) return false;
  const spam = moderation.action === 'spam';
  return transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.feedback(parsed.brandId, parsed.key),
        UpdateExpression: spam
          ? 'SET moderation = :moderation, #category = :spam, #status = :closed'
          : 'SET moderation = :moderation',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(moderation) OR moderation.#action <> :action)',
        ExpressionAttributeNames: {
          '#action': 'action',
          ...(spam ? { '#status': 'status', '#category': 'category' } : {}),
        },
        ExpressionAttributeValues: {
          ':moderation': moderation,
          ':action': moderation.action,
          ...(spam ? { ':spam': 'spam', ':closed': 'closed' } : {}),
        },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: outboxItem(`moderated\n${feedbackId}\n${moderation.action}\n${moderation.at}`, events),
      },
    },
  ]);
}
