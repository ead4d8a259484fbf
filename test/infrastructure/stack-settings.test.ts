import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../functions/domain/errors.js';
import { parseMetricsScheduleHours } from '../../infra/stack-settings.js';

describe('the metrics schedule setting', () => {
  it('accepts increasing whole hours given as a list or as cdk context text', () => {
    // Act
    const fromList = parseMetricsScheduleHours([1, 24, 72]);
    const fromContext = parseMetricsScheduleHours(' 1, 24 ,72');

    // Assess
    expect(fromList).toEqual([1, 24, 72]);
    expect(fromContext).toEqual([1, 24, 72]);
  });

  it.each([
    [[], 'required'],
    [[0, 24], 'positive-integer'],
    [[1.5], 'positive-integer'],
    ['1,soon', 'positive-integer'],
    [[24, 1], 'increasing'],
    [[1, 1], 'increasing'],
    [[1, 24, 721], 'max'],
  ])('refuses %j, naming the field and the rule %s', (value, rule) => {
    // Act
    const attempt = () => parseMetricsScheduleHours(value as number[] | string);

    // Assess
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(new RegExp(`^metricsScheduleHours: .*\\(${rule}\\)$`));
  });
});
