import { inboundHandler } from '../middleware/inbound-handler.js';
import { recordConversion } from '../use-cases/conversion-recorded.js';

export const handler = inboundHandler('conversion-recorded', recordConversion);
