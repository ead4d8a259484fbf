import { OutboundEvent } from './events.js';

/**
 * The business metrics Brandflow reports to CloudWatch, derived from the outbound events as
 * the outbox forwarder puts them on the bus: one place sees every event, and no handler makes
 * an extra call. The alarms and the admin dashboard (infra/constructs/operations-monitoring.ts)
 * read these names.
 */
export const OperationalMetrics = {
  namespace: 'Brandflow',
  /** A post entered a status (dimension `Status`). */
  postStatusEntered: 'PostStatusEntered',
  /** One channel of a post published (dimension `Channel`). */
  channelPublished: 'ChannelPublished',
  /** One channel of a post failed for good (dimension `Channel`). */
  channelPublishFailed: 'ChannelPublishFailed',
  /**
   * One channel's outcome as a number: 1 published, 0 failed (dimension `Channel`). Its Average
   * is the publish success ratio, per channel, without knowing the channels in advance.
   */
  channelPublishSuccess: 'ChannelPublishSuccess',
  /** Milliseconds from the start of a post's review to the decision that ended it. */
  reviewTime: 'ReviewTime',
  /** Milliseconds between the scheduled time and the first channel's publication. */
  publishLateness: 'PublishLateness',
  /** A channel's account must be connected again. */
  channelNeedsReconnect: 'ChannelNeedsReconnect',
  /** A metric round was read. */
  metricsRoundCollected: 'MetricsRoundCollected',
} as const;

/** One data point. */
export interface MetricPoint {
  name: string;
  value: number;
  unit: 'Count' | 'Milliseconds';
  dimensions: Record<string, string>;
}

/** The status an event announces, for the events that move a post. */
const statusOf: Record<string, string> = {
  [OutboundEvent.PostSubmitted]: 'submitted',
  [OutboundEvent.PostApproved]: 'scheduled',
  [OutboundEvent.PostRejected]: 'rejected',
  [OutboundEvent.ChangesRequested]: 'changes_requested',
  [OutboundEvent.PostExpired]: 'expired',
  [OutboundEvent.PostCancelled]: 'cancelled',
  [OutboundEvent.PostFailed]: 'failed',
};

/**
 * The data points one outbound event reports.
 *
 * @example
 * ```ts
 * metricsOfEvent('Metrics Collected', { round: 1 }); // [{ name: 'MetricsRoundCollected', value: 1, ... }]
 * ```
 */
export function metricsOfEvent(detailType: string, detail: Record<string, unknown>): MetricPoint[] {
  const count = (name: string, dimensions: Record<string, string> = {}): MetricPoint => ({
    name,
    value: 1,
    unit: 'Count',
    dimensions,
  });
  const M = OperationalMetrics;
  switch (detailType) {
    case OutboundEvent.PostPublished: {
      const status = typeof detail.status === 'string' ? detail.status : 'published';
      const channels = Array.isArray(detail.channels)
        ? (detail.channels as { channel?: unknown; status?: unknown }[])
        : [];
      const points = [
        count(M.postStatusEntered, { Status: status }),
        ...channels.flatMap((outcome) => {
          const dimensions = { Channel: String(outcome.channel) };
          const published = outcome.status === 'published';
          return [
            count(published ? M.channelPublished : M.channelPublishFailed, dimensions),
            { name: M.channelPublishSuccess, value: published ? 1 : 0, unit: 'Count' as const, dimensions },
          ];
        }),
      ];
      return [...points, ...duration(M.publishLateness, detail.scheduledAt, detail.publishedAt)];
    }
    case OutboundEvent.PostCompleted:
      return [
        count(M.postStatusEntered, {
          Status: String(detail.status ?? 'completed') === 'publish_failed' ? 'publish_failed' : 'completed',
        }),
      ];
    case OutboundEvent.PostApproved:
    case OutboundEvent.PostRejected:
    case OutboundEvent.ChangesRequested: {
      return [
        count(M.postStatusEntered, { Status: statusOf[detailType] as string }),
        ...duration(M.reviewTime, detail.reviewStartedAt, detail.occurredAt),
      ];
    }
    case OutboundEvent.ChannelNeedsReconnect:
      return [count(M.channelNeedsReconnect)];
    case OutboundEvent.MetricsCollected:
      return [count(M.metricsRoundCollected)];
    default: {
      const status = statusOf[detailType];
      return status ? [count(M.postStatusEntered, { Status: status })] : [];
    }
  }
}

/** The milliseconds from `from` to `to` (RFC 3339), never below zero; no point when either is missing. */
function duration(name: string, from: unknown, to: unknown): MetricPoint[] {
  const ms = Date.parse(String(to)) - Date.parse(String(from));
  return Number.isFinite(ms) ? [{ name, value: Math.max(0, ms), unit: 'Milliseconds', dimensions: {} }] : [];
}
