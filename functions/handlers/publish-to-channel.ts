import { channelTaskInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { publishToChannel } from '../use-cases/publish-channel.js';

/**
 * PublishToChannel: publishes the post on one channel exactly once
 * (functions/use-cases/publish-channel.ts).
 *
 * @example
 * ```ts
 * await handler({ postId, executionName, revision: 1, channel: 'x', rateLimitWaits: 0 }, context);
 * ```
 */
export const handler = lambdaHandler('publish-to-channel', channelTaskInput, publishToChannel);
