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
  'Post Submitted': 'submitted',
  'Post Approved': 'scheduled',
  'Post Rejected': 'rejected',
  'Changes Requested': 'changes_requested',
  'Post Expired': 'expired',
  'Post Cancelled': 'cancelled',
  'Post Failed': 'failed',
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
    case 'Post Published': {
      const status = typeof detail.status === 'string' ? detail.status : 'published';
      const channels = Array.isArray(detail.channels)
        ? (detail.channels as { channel?: unknown; status?: unknown }[])
        : [];
      const points = [
        count(M.postStatusEntered, { Status: status }),
        ...channels.map((outcome) =>
          count(outcome.status === 'published' ? M.channelPublished : M.channelPublishFailed, {
            Channel: String(outcome.channel),
          }),
        ),
      ];
      const lateness = Date.parse(String(detail.publishedAt)) - Date.parse(String(detail.scheduledAt));
      if (Number.isFinite(lateness)) {
        points.push({
          name: M.publishLateness,
          value: Math.max(0, lateness),
          unit: 'Milliseconds',
          dimensions: {},
        });
      }
      return points;
    }
    case 'Post Completed':
      return [
        count(M.postStatusEntered, {
          Status: String(detail.status ?? 'completed') === 'publish_failed' ? 'publish_failed' : 'completed',
        }),
      ];
    case 'Channel Needs Reconnect':
      return [count(M.channelNeedsReconnect)];
    case 'Metrics Collected':
      return [count(M.metricsRoundCollected)];
    default: {
      const status = statusOf[detailType];
      return status ? [count(M.postStatusEntered, { Status: status })] : [];
    }
  }
}
