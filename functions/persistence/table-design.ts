/**
 * The single-table design: key names, the content-calendar index and the TTL attribute.
 * The stack builds the table from these names and the handlers read and write by them;
 * docs/data-model.md lists the items and access patterns.
 */
export const TableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** A brand's posts by scheduled time: `calendarPk = BRAND#<brandId>`, `calendarSk = <scheduledAt>#<postId>`. */
  calendarIndex: { name: 'calendar', partitionKey: 'calendarPk', sortKey: 'calendarSk' },
  /** Epoch seconds; DynamoDB deletes the item some time after. Only short-lived items carry it. */
  timeToLiveAttribute: 'expiresAt',
} as const;
