import { taskInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { checkReviewDeadline } from '../use-cases/check-review-deadline.js';

export const handler = lambdaHandler('check-review-deadline', taskInput, checkReviewDeadline);
