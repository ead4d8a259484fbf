import { inboundHandler } from '../middleware/inbound-handler.js';
import { updateProfileFromBus } from '../use-cases/update-brand-profile.js';

export const handler = inboundHandler('update-brand-profile', updateProfileFromBus);
