import { describe, expect, it } from 'vitest';
import { awsPrices } from '../../bench/aws-prices.js';
import { costPerThousandPosts, transitionsWithinBudget, type UsagePerPost } from '../../bench/cost-model.js';

const nothing: UsagePerPost = {
  stateTransitions: 0,
  lambdaInvocations: 0,
  lambdaBilledMs: 0,
  lambdaMemoryMb: 256,
  readUnits: 0,
  writeUnits: 0,
  busEvents: 0,
  secretsManagerCalls: 0,
  apiRequests: 0,
  scheduledInvocations: 0,
  traceRoots: 0,
  historyEvents: 0,
};

describe('cost per 1,000 posts', () => {
  it('prices 24 state transitions a post at $0.60 per 1,000 posts', () => {
    // Prepare
    const usage = { ...nothing, stateTransitions: 24 };

    // Act
    const cost = costPerThousandPosts(usage, awsPrices);

    // Assess
    expect(cost.stepFunctions).toBeCloseTo(0.6, 10);
    expect(cost.total).toBeCloseTo(0.6, 10);
  });

  it('bills Lambda per request and per GB-second of the configured memory', () => {
    // Prepare: 10 invocations of 256 MB lasting 100 ms in all = 0.025 GB-s
    const usage = { ...nothing, lambdaInvocations: 10, lambdaBilledMs: 100 };

    // Act
    const cost = costPerThousandPosts(usage, awsPrices);

    // Assess
    expect(cost.lambda).toBeCloseTo(1000 * (10 * 0.2e-6 + 0.025 * 0.0000133334), 10);
  });

  it('adds every service into the total', () => {
    // Prepare
    const usage = { ...nothing, stateTransitions: 10, writeUnits: 100, readUnits: 40, busEvents: 12 };

    // Act
    const cost = costPerThousandPosts(usage, awsPrices);

    // Assess
    expect(cost.dynamoDb).toBeCloseTo(1000 * (100 * 0.625e-6 + 40 * 0.125e-6), 10);
    expect(cost.eventBridge).toBeCloseTo(1000 * 12e-6, 10);
    expect(cost.total).toBeCloseTo(cost.stepFunctions + cost.dynamoDb + cost.eventBridge, 10);
  });

  it("prices the front door's requests at the HTTP API's $1.00 per million", () => {
    // Prepare: a submission and a decision a post
    const usage = { ...nothing, apiRequests: 2 };

    // Act
    const cost = costPerThousandPosts(usage, awsPrices);

    // Assess
    expect(cost.apiGateway).toBeCloseTo(1000 * 2e-6, 10);
    expect(cost.total).toBeCloseTo(cost.apiGateway, 10);
  });

  it('prices the metric rounds EventBridge Scheduler fires at $1.00 per million', () => {
    // Prepare: six one-time schedules a post
    const usage = { ...nothing, scheduledInvocations: 6 };

    // Act
    const cost = costPerThousandPosts(usage, awsPrices);

    // Assess
    expect(cost.scheduler).toBeCloseTo(1000 * 6e-6, 10);
    expect(cost.total).toBeCloseTo(cost.scheduler, 10);
  });

  it('leaves the transitions the budget allows once the other services are paid', () => {
    // Prepare: other services cost $0.10 per 1,000 posts
    const cost = costPerThousandPosts({ ...nothing, stateTransitions: 24, busEvents: 100 }, awsPrices);

    // Act
    const allowed = transitionsWithinBudget(cost, 0.5, awsPrices);

    // Assess: $0.40 left buys 16 transitions a post
    expect(allowed).toBeCloseTo(16, 10);
  });
});
