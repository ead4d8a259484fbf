import { lambdaHandler } from '../middleware/lambda-handler.js';
import { dynamoStreamEvent } from '../middleware/schemas.js';
import { forwardOutbox } from '../use-cases/forward-outbox.js';

/** ForwardEvents: the table's stream to the bus (functions/persistence/outbox.ts). */
export const handler = lambdaHandler('forward-events', dynamoStreamEvent, forwardOutbox);
