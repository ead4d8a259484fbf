import { requestReviewInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { requestReview } from '../use-cases/request-review.js';

export const handler = lambdaHandler('request-review', requestReviewInput, requestReview);
