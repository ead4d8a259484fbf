import { taskInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { runPolicyCheck } from '../use-cases/check-policy.js';

export const handler = lambdaHandler('check-policy', taskInput, runPolicyCheck);
