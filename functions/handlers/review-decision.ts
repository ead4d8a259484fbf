import { inboundHandler } from '../middleware/inbound-handler.js';
import { decideFromBus } from '../use-cases/review-decision.js';

export const handler = inboundHandler('review-decision', decideFromBus);
