/** Key builders for every item of the single table (docs/data-model.md lists them). */
export const keys = {
  post: (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' }),
  logPrefix: 'LOG#',
  log: (postId: string, at: string, suffix: string) => ({ pk: `POST#${postId}`, sk: `LOG#${at}#${suffix}` }),
  publishPrefix: 'PUBLISH#',
  publish: (postId: string, channel: string) => ({ pk: `POST#${postId}`, sk: `PUBLISH#${channel}` }),
  metricsPrefix: 'METRICS#',
  metrics: (postId: string, channel: string, round: number) => ({
    pk: `POST#${postId}`,
    sk: `METRICS#${channel}#${String(round).padStart(3, '0')}`,
  }),
  conversionPrefix: 'CONVERSION#',
  /** Conversions counted per channel, beside the conversions themselves: one read for reports. */
  conversionCounts: (postId: string) => ({ pk: `POST#${postId}`, sk: 'CONVERSIONS' }),
  conversion: (postId: string, conversionId: string) => ({
    pk: `POST#${postId}`,
    sk: `CONVERSION#${conversionId}`,
  }),
  /** An outbox item of events that report no post change (functions/persistence/outbox.ts). */
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'EVENT' }),
  brand: (brandId: string) => ({ pk: `BRAND#${brandId}`, sk: 'PROFILE' }),
  memberPrefix: 'MEMBER#',
  /** A person's (or `group:<name>`'s) roles for a brand. */
  member: (brandId: string, memberId: string) => ({ pk: `BRAND#${brandId}`, sk: `MEMBER#${memberId}` }),
  bestTimes: (brandId: string) => ({ pk: `BRAND#${brandId}`, sk: 'BEST_TIMES' }),
  assetPrefix: 'ASSET#',
  /** One asset of a brand's media library (functions/domain/asset.ts). */
  asset: (brandId: string, assetId: string) => ({ pk: `BRAND#${brandId}`, sk: `ASSET#${assetId}` }),
  reportPrefix: 'REPORT#',
  report: (brandId: string, period: string) => ({ pk: `BRAND#${brandId}`, sk: `REPORT#${period}` }),
  feedbackPrefix: 'FEEDBACK#',
  /** A feedback record (no text): kept for reports. `key` is the hash part of its feedback id. */
  feedback: (brandId: string, key: string) => ({ pk: `BRAND#${brandId}`, sk: `FEEDBACK#${key}` }),
  /** A feedback record's text and author hash, deleted by TTL after the brand's retention. */
  feedbackText: (brandId: string, key: string) => ({ pk: `BRAND#${brandId}`, sk: `FEEDBACKTEXT#${key}` }),
  feedbackHourPrefix: 'FEEDBACKHOUR#',
  /** Feedback counted per hour it was written (`2030-01-01T09`), for the spike alert's baseline. */
  feedbackHour: (brandId: string, hour: string) => ({ pk: `BRAND#${brandId}`, sk: `FEEDBACKHOUR#${hour}` }),
  /** The spike alert of one hour, written once whatever the number of collections in it. */
  feedbackSpike: (brandId: string, hour: string) => ({ pk: `BRAND#${brandId}`, sk: `FEEDBACKSPIKE#${hour}` }),
  /** The brand's reply to a feedback record (docs/feedback.md). `key` is the hash part of its feedback id. */
  feedbackReply: (brandId: string, key: string) => ({ pk: `BRAND#${brandId}`, sk: `FEEDBACKREPLY#${key}` }),
  feedbackSpikePrefix: 'FEEDBACKSPIKE#',
  /** A feedback record's place in the `calendar` index: the brand's feedback by the time it was written. */
  feedbackWritten: (brandId: string, createdAt: string, key: string) => ({
    calendarPk: `FEEDBACK#${brandId}`,
    calendarSk: `${createdAt}#${key}`,
  }),
  /** A post's feedback counted per category, beside the post's own items (`POST` prefix: read with it). */
  postFeedbackCounts: (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST#FEEDBACK' }),
  calendar: (brandId: string, scheduledAt: string, postId: string) => ({
    calendarPk: `BRAND#${brandId}`,
    calendarSk: `${scheduledAt}#${postId}`,
  }),
  sandboxPost: (channel: string, idempotencyKey: string) => ({
    pk: `SANDBOX#${channel}`,
    sk: `POST#${idempotencyKey}`,
  }),
  sandboxAttempts: (channel: string, operation: string, idempotencyKey: string) => ({
    pk: `SANDBOX#${channel}`,
    sk: `ATTEMPTS#${operation}#${idempotencyKey}`,
  }),
} as const;

/** Removes the key attributes and the outbox (the forwarder's, not the record's) from an item read back. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, calendarPk: _cpk, calendarSk: _csk, outbox: _outbox, ...rest } = item;
  return rest as T;
}
