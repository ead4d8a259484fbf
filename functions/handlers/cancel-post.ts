import { inboundHandler } from '../middleware/inbound-handler.js';
import { cancelPost } from '../use-cases/cancel-post.js';

export const handler = inboundHandler('cancel-post', cancelPost);
