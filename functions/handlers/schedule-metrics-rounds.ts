import { scheduleMetricsRoundsInput } from '../../workflows/contract.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { scheduleMetricsRounds } from '../use-cases/schedule-metrics-rounds.js';

export const handler = lambdaHandler(
  'schedule-metrics-rounds',
  scheduleMetricsRoundsInput,
  scheduleMetricsRounds,
);
