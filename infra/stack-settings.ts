import { ConfigurationError } from '../functions/domain/errors.js';
import { MAX_METRICS_ROUND_HOURS } from '../functions/domain/metrics-schedule.js';

/**
 * Checks the metrics schedule before anything is deployed: whole hours after publication,
 * strictly increasing, so the rounds RecordPublication plans come in order.
 *
 * @example
 * ```ts
 * parseMetricsScheduleHours('1,24,72'); // [1, 24, 72]
 * parseMetricsScheduleHours([1, 24]); // [1, 24]
 * ```
 */
export function parseMetricsScheduleHours(value: string | readonly number[]): number[] {
  const hours = typeof value === 'string' ? value.split(',').map((part) => Number(part.trim())) : [...value];
  const fail = (rule: string, detail: string) =>
    new ConfigurationError(`metricsScheduleHours: ${detail} (${rule})`, {
      context: { field: 'metricsScheduleHours', rule },
    });
  if (hours.length === 0) throw fail('required', 'give at least one hour');
  if (hours.some((h) => !Number.isInteger(h) || h <= 0)) {
    throw fail('positive-integer', 'every entry must be a whole number of hours above 0');
  }
  if (hours.some((h) => h > MAX_METRICS_ROUND_HOURS)) {
    throw fail('max', `no round may be later than ${MAX_METRICS_ROUND_HOURS} hours after publication`);
  }
  if (hours.some((h, i) => i > 0 && h <= (hours[i - 1] as number))) {
    throw fail('increasing', 'entries must be strictly increasing');
  }
  return hours;
}
