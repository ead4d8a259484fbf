import { inboundHandler } from '../middleware/inbound-handler.js';
import { reschedulePost } from '../use-cases/reschedule-post.js';

export const handler = inboundHandler('reschedule-post', reschedulePost);
