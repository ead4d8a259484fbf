// The stack and RecordPublication read the metrics schedule with the same parser.
export { parseMetricsScheduleHours } from '../functions/domain/metrics-schedule.js';
