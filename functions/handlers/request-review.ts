import { lambdaHandler } from '../middleware/lambda-handler.js';
import { requestReviewInput } from '../middleware/schemas.js';
import { requestReview } from '../use-cases/request-review.js';

export { requestReview } from '../use-cases/request-review.js';

export const handler = lambdaHandler('request-review', requestReviewInput, requestReview);
