import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeMetrics } from '../../functions/aws/embedded-metrics.js';
import { metricsOfEvent, OperationalMetrics } from '../../functions/domain/operational-metrics.js';

const outcome = fc.record({
  channel: fc.constantFrom('x', 'bluesky', 'linkedin'),
  status: fc.constantFrom('published', 'failed'),
});
const instant = fc
  .integer({ min: Date.UTC(2030, 0, 1), max: Date.UTC(2031, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

afterEach(() => vi.restoreAllMocks());

describe('operational metrics', () => {
  it('count one publication or failure per channel outcome of Post Published, and lateness never below zero', () => {
    fc.assert(
      fc.property(
        fc.array(outcome, { maxLength: 6 }),
        instant,
        instant,
        (channels, scheduledAt, publishedAt) => {
          // Act
          const points = metricsOfEvent('Post Published', {
            status: 'published',
            channels,
            scheduledAt,
            publishedAt,
          });

          // Assess
          const perChannel = points.filter(
            (p) => p.dimensions.Channel !== undefined && p.name !== OperationalMetrics.channelPublishSuccess,
          );
          expect(perChannel).toHaveLength(channels.length);
          expect(perChannel.filter((p) => p.name === OperationalMetrics.channelPublishFailed)).toHaveLength(
            channels.filter((c) => c.status === 'failed').length,
          );
          // 1 per published channel, 0 per failed one: the Average per channel is its success ratio.
          const success = points.filter((p) => p.name === OperationalMetrics.channelPublishSuccess);
          expect(success.map((p) => [p.dimensions.Channel, p.value])).toEqual(
            channels.map((c) => [c.channel, c.status === 'published' ? 1 : 0]),
          );
          const lateness = points.find((p) => p.name === OperationalMetrics.publishLateness);
          expect(lateness?.value).toBe(Math.max(0, Date.parse(publishedAt) - Date.parse(scheduledAt)));
        },
      ),
    );
  });

  it('time a review from its start to the decision that ended it, never below zero', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Post Approved', 'Post Rejected', 'Changes Requested'),
        instant,
        instant,
        (detailType, reviewStartedAt, occurredAt) => {
          // Act
          const points = metricsOfEvent(detailType, { reviewStartedAt, occurredAt });

          // Assess
          const review = points.filter((p) => p.name === OperationalMetrics.reviewTime);
          expect(review.map((p) => [p.value, p.unit])).toEqual([
            [Math.max(0, Date.parse(occurredAt) - Date.parse(reviewStartedAt)), 'Milliseconds'],
          ]);
          expect(points.filter((p) => p.name === OperationalMetrics.postStatusEntered)).toHaveLength(1);
        },
      ),
    );
  });

  it('report accounts needing reconnection and metric rounds, and nothing for events that move no counter', () => {
    // Act
    const reconnect = metricsOfEvent('Channel Needs Reconnect', { channel: 'x' });
    const round = metricsOfEvent('Metrics Collected', { round: 2 });
    const policy = metricsOfEvent('Policy Checked', { outcome: 'pass' });

    // Assess
    expect(reconnect.map((p) => p.name)).toEqual([OperationalMetrics.channelNeedsReconnect]);
    expect(round.map((p) => p.name)).toEqual([OperationalMetrics.metricsRoundCollected]);
    expect(policy).toEqual([]);
  });

  it('are written as embedded metric format lines, per channel and in total', () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));

    // Act
    writeMetrics(
      [{ name: 'ChannelPublished', value: 1, unit: 'Count', dimensions: { Channel: 'x' } }],
      1_000,
    );

    // Assess
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 1_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Brandflow',
            Dimensions: [['Channel'], []],
            Metrics: [{ Name: 'ChannelPublished', Unit: 'Count' }],
          },
        ],
      },
      Channel: 'x',
      ChannelPublished: 1,
    });
  });
});
