import { publicationInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { recordPublication } from '../use-cases/record-publication.js';

export const handler = lambdaHandler('record-publication', publicationInput, recordPublication);
