import { DEFAULT_RISK_THRESHOLDS, riskLevelOf } from '../../lambda/predict/risk-level';

describe('riskLevelOf', () => {
  test('the default bands are low below 0.3, high from 0.7', () => {
    expect(DEFAULT_RISK_THRESHOLDS).toEqual({ medium: 0.3, high: 0.7 });
  });

  test.each([
    [0, 'low'],
    [0.026, 'low'],
    [0.29999999, 'low'],
    [0.3, 'medium'],
    [0.5, 'medium'],
    [0.69999999, 'medium'],
    [0.7, 'high'],
    [0.8, 'high'],
    [1, 'high'],
  ])('with the default thresholds, %d is %s', (probability, level) => {
    expect(riskLevelOf(probability, DEFAULT_RISK_THRESHOLDS)).toBe(level);
  });

  test.each([
    [0.49, 'low'],
    [0.5, 'medium'],
    [0.89, 'medium'],
    [0.9, 'high'],
  ])('with thresholds 0.5 and 0.9, %d is %s', (probability, level) => {
    expect(riskLevelOf(probability, { medium: 0.5, high: 0.9 })).toBe(level);
  });
});
