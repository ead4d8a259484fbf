import { inboundHandler } from '../middleware/inbound-handler.js';
import { submitPost } from '../use-cases/submit-post.js';

export const handler = inboundHandler('submit-post', submitPost);
