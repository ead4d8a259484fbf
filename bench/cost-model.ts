import type { AwsPrices } from './aws-prices.js';

/** What one post used, averaged over the posts of a lifecycle run. */
export interface UsagePerPost {
  stateTransitions: number;
  lambdaInvocations: number;
  /** Sum over invocations of the duration rounded up to the next millisecond, as Lambda bills it. */
  lambdaBilledMs: number;
  lambdaMemoryMb: number;
  readUnits: number;
  writeUnits: number;
  /** Custom events put on the bus: the integrator's and Brandflow's own. */
  busEvents: number;
  secretsManagerCalls: number;
  /** Calls people make to the front door (HTTP API): the review decisions. */
  apiRequests: number;
  /** Targets EventBridge Scheduler invoked (the metric rounds and their rate-limit retries). */
  scheduledInvocations: number;
  /** Traces X-Ray starts: one per execution and one per event- or schedule-triggered invocation, before sampling. */
  traceRoots: number;
  /** Execution history events the state machine logs (level ALL, no execution data). */
  historyEvents: number;
}

/** Dollars per 1,000 posts, by service. */
export interface CostPerThousand {
  stepFunctions: number;
  lambda: number;
  dynamoDb: number;
  eventBridge: number;
  scheduler: number;
  secretsManager: number;
  apiGateway: number;
  xRay: number;
  cloudWatchLogs: number;
  total: number;
}

/** Assumed log line sizes: a Step Functions history log entry without data, and Lambda's START/END/REPORT lines. */
export const LOG_BYTES = { perHistoryEvent: 350, perInvocation: 320 } as const;

/**
 * Prices one post's usage at `prices` and scales it to 1,000 posts.
 *
 * @example
 * ```ts
 * costPerThousandPosts({ ...usage, stateTransitions: 24 }, awsPrices).stepFunctions; // 0.6
 * ```
 */
export function costPerThousandPosts(usage: UsagePerPost, prices: AwsPrices): CostPerThousand {
  const gbSeconds = (usage.lambdaBilledMs / 1000) * (usage.lambdaMemoryMb / 1024);
  const logBytes =
    usage.historyEvents * LOG_BYTES.perHistoryEvent + usage.lambdaInvocations * LOG_BYTES.perInvocation;
  const perPost = {
    stepFunctions: usage.stateTransitions * prices.stepFunctions.perStateTransition,
    lambda: usage.lambdaInvocations * prices.lambda.perRequest + gbSeconds * prices.lambda.perGbSecondArm,
    dynamoDb:
      usage.readUnits * prices.dynamoDb.perReadRequestUnit +
      usage.writeUnits * prices.dynamoDb.perWriteRequestUnit,
    eventBridge: usage.busEvents * prices.eventBridge.perCustomEvent,
    scheduler: usage.scheduledInvocations * prices.eventBridgeScheduler.perInvocation,
    secretsManager: usage.secretsManagerCalls * prices.secretsManager.perApiCall,
    apiGateway: usage.apiRequests * prices.apiGatewayHttp.perRequest,
    xRay: usage.traceRoots * prices.xRay.sampledFraction * prices.xRay.perTraceRecorded,
    cloudWatchLogs: (logBytes / 1024 ** 3) * prices.cloudWatchLogs.perGbIngested,
  };
  const perThousand = Object.fromEntries(
    Object.entries(perPost).map(([service, dollars]) => [service, dollars * 1000]),
  ) as Omit<CostPerThousand, 'total'>;
  const total = Object.values(perThousand).reduce((sum, dollars) => sum + dollars, 0);
  return { ...perThousand, total };
}

/**
 * The state transitions a post may use to stay under `budget` dollars per 1,000 posts once
 * the other services are paid.
 *
 * @example
 * ```ts
 * transitionsWithinBudget(cost, 0.5, awsPrices); // e.g. 17.3
 * ```
 */
export function transitionsWithinBudget(cost: CostPerThousand, budget: number, prices: AwsPrices): number {
  const others = cost.total - cost.stepFunctions;
  return (budget - others) / 1000 / prices.stepFunctions.perStateTransition;
}
