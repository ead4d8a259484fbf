import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import {
  decideProcessingWait,
  decideRateLimitWait,
  ProcessingBounds,
  RateLimitBounds,
} from '../../functions/domain/rate-limit.js';
import { routeChannelFailure } from '../../functions/use-cases/failure-routing.js';
import { WorkflowError } from '../../workflows/contract.js';

const NOW = Date.parse('2030-01-01T09:00:00.250Z');
const rateLimited = (retryAfterSeconds?: number) =>
  new ChannelFailure('X refused the publish call (HTTP 429): Too Many Requests', {
    kind: 'rate_limited',
    retryAfterSeconds,
    context: { channel: 'x' },
  });

describe('the wait for a platform rate limit', () => {
  it('waits until the time the platform names, in whole seconds a Wait state accepts', () => {
    // Act
    const decision = decideRateLimitWait(120, 0, NOW);

    // Assess
    expect(decision).toEqual({ action: 'wait', retryAt: '2030-01-01T09:02:01Z', waitSeconds: 120 });
  });

  it('waits a minute when the platform names no time, and at least a second when it names none left', () => {
    // Act
    const unnamed = decideRateLimitWait(undefined, 0, NOW);
    const immediate = decideRateLimitWait(0, 0, NOW);

    // Assess
    expect(unnamed).toMatchObject({ action: 'wait', waitSeconds: RateLimitBounds.defaultWaitSeconds });
    expect(immediate).toMatchObject({ action: 'wait', waitSeconds: 1 });
  });

  it('gives up at once on a named wait longer than fifteen minutes, saying how long the platform asked', () => {
    // Act
    const decision = decideRateLimitWait(3 * 3600, 0, NOW);

    // Assess
    expect(decision.action).toBe('give_up');
    expect(decision).toMatchObject({ reason: expect.stringContaining('asks to wait 10800 s') });
  });

  it('gives up after three waits for the same channel', () => {
    // Act
    const third = decideRateLimitWait(60, RateLimitBounds.maxWaits - 1, NOW);
    const fourth = decideRateLimitWait(60, RateLimitBounds.maxWaits, NOW);

    // Assess
    expect(third.action).toBe('wait');
    expect(fourth).toMatchObject({ action: 'give_up', reason: expect.stringContaining('after 3 waits') });
  });
});

describe('a rate-limited channel call as the workflow sees it', () => {
  it('is ChannelRateLimited whose message is only the time to call again, with the reason kept for the record', () => {
    // Act
    const routed = routeChannelFailure(rateLimited(30), 1, { postId: 'p-1', channel: 'x' }, NOW);

    // Assess
    expect(routed.error.name).toBe(WorkflowError.ChannelRateLimited);
    expect(routed.error.message).toBe('2030-01-01T09:00:31Z');
    expect(routed.summary).toContain('retry at 2030-01-01T09:00:31Z (wait 2 of 3)');
    expect(routed.summary).toContain('Too Many Requests');
  });

  it('is ChannelPermanentError naming the platform and the reason once the waits are spent', () => {
    // Act
    const routed = routeChannelFailure(rateLimited(30), 3, { postId: 'p-1', channel: 'x' }, NOW);

    // Assess
    expect(routed.error.name).toBe(WorkflowError.ChannelPermanentError);
    expect(routed.error.message).toMatch(/^rate limited, still rate limited after 3 waits.*X refused/);
  });

  it('keeps transient failures for the Retry and permanent ones for the record', () => {
    // Act
    const transient = routeChannelFailure(new ChannelFailure('503', { kind: 'transient' }), 0, {}, NOW);
    const permanent = routeChannelFailure(new ChannelFailure('refused', { kind: 'permanent' }), 0, {}, NOW);

    // Assess
    expect(transient.error.name).toBe(WorkflowError.ChannelTransientError);
    expect(permanent.error.name).toBe(WorkflowError.ChannelPermanentError);
    expect(permanent.summary).toBe('ChannelPermanentError: refused');
  });
});

describe('the wait for media still processing', () => {
  const processing = new ChannelFailure('Instagram is still processing the media (IN_PROGRESS)', {
    kind: 'processing',
    context: { channel: 'instagram' },
  });

  it('checks again after a fixed pause, at a whole second, while waits remain', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ProcessingBounds.maxWaits - 1 }),
        fc.integer({ min: 0, max: 2 ** 42 }),
        (waits, now) => {
          // Act
          const decision = decideProcessingWait(waits, now);
          // Assess
          if (decision.action !== 'wait') throw new Error(decision.reason);
          const retryAt = Date.parse(decision.retryAt);
          expect(retryAt % 1000).toBe(0);
          expect(retryAt).toBeGreaterThanOrEqual(now + ProcessingBounds.waitSeconds * 1000);
          expect(retryAt).toBeLessThan(now + ProcessingBounds.waitSeconds * 1000 + 1000);
        },
      ),
    );
  });

  it('waits as ChannelRateLimited, so the workflow checks again without creating anything', () => {
    // Act
    const routed = routeChannelFailure(processing, 2, { postId: 'p-1', channel: 'instagram' }, NOW);
    // Assess
    expect(routed.error.name).toBe(WorkflowError.ChannelRateLimited);
    expect(routed.error.message).toBe('2030-01-01T09:00:31Z');
    expect(routed.summary).toContain(`wait 3 of ${ProcessingBounds.maxWaits}`);
  });

  it('fails the channel for good once the waits are spent, saying the media is still processing', () => {
    // Act
    const routed = routeChannelFailure(
      processing,
      ProcessingBounds.maxWaits,
      { postId: 'p-1', channel: 'instagram' },
      NOW,
    );
    // Assess
    expect(routed.error.name).toBe(WorkflowError.ChannelPermanentError);
    expect(routed.error.message).toMatch(/^the media is still processing after 12 waits/);
  });
});
