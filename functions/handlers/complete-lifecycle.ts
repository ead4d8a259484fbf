import { lambdaHandler } from '../middleware/lambda-handler.js';
import { completionInput } from '../middleware/schemas.js';
import { completeLifecycle } from '../use-cases/complete-lifecycle.js';

export { type CompletionRecorded, completeLifecycle } from '../use-cases/complete-lifecycle.js';

export const handler = lambdaHandler('complete-lifecycle', completionInput, completeLifecycle);
