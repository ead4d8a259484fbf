import { type LocalFunction, localFunctionArn } from '../../local/core/template.js';

/**
 * The test handler of test/support/scheduled-target.ts as a function the twin hosts beside the
 * stack's, with `extra` settings (Lambda's asynchronous retries, an on-failure queue).
 *
 * @example
 * ```ts
 * const target = scheduledTargetFunction({ asyncInvoke: { maximumRetryAttempts: 2 } });
 * ```
 */
export function scheduledTargetFunction(extra: Partial<LocalFunction> = {}): LocalFunction {
  return {
    logicalId: 'ScheduledTargetFunction',
    entry: 'test/support/scheduled-target.ts',
    role: 'test',
    arn: localFunctionArn('ScheduledTargetFunction'),
    environment: {},
    timeoutSeconds: 30,
    ...extra,
  };
}
