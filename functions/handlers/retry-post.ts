import { inboundHandler } from '../middleware/inbound-handler.js';
import { retryPost } from '../use-cases/retry-post.js';

export const handler = inboundHandler('retry-post', retryPost);
