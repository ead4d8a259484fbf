/**
 * Every handler's timeout, in seconds. The stack deploys it (infra/constructs/handler-function.ts)
 * and the publish lease is sized from it, so the two cannot drift apart.
 *
 * @example
 * ```ts
 * Duration.seconds(HANDLER_TIMEOUT_SECONDS);
 * ```
 */
export const HANDLER_TIMEOUT_SECONDS = 30;
