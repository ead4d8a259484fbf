import { completionInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { completeLifecycle } from '../use-cases/complete-lifecycle.js';

export const handler = lambdaHandler('complete-lifecycle', completionInput, completeLifecycle);
