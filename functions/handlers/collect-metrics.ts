import middy from '@middy/core';
import { type MetricsTaskInput, metricsTaskInput } from '../../workflows/contract.js';
import { logErrors } from '../middleware/log-errors.js';
import { parseInput } from '../middleware/parse-input.js';
import { collectMetricsRound, type RoundOutcome } from '../use-cases/collect-metrics-round.js';

/**
 * CollectMetrics, invoked asynchronously by one round's EventBridge Scheduler schedule (see
 * {@link collectMetricsRound}). The function's own ARN, from the invocation context, is the
 * target of a rate-limit retry's schedule: an environment variable naming it would make the
 * function depend on itself in the template.
 *
 * @example
 * ```ts
 * await handler({ postId, executionName, round: 1, at: '2030-01-01T01:00:00Z' }, context);
 * ```
 */
export const handler = middy<MetricsTaskInput, RoundOutcome>()
  .use(logErrors('collect-metrics'))
  .use(parseInput(metricsTaskInput))
  .handler((input, context) => collectMetricsRound(input, { functionArn: context.invokedFunctionArn }));
