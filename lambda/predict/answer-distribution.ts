import type { RiskThresholds } from '../../contract/prediction-contract';
import type { MetricValue } from '../shared/metrics';
import { riskLevelOf } from './risk-level';

/**
 * Metric names of the answers' distribution, one EMF line per scored request with the endpoint's
 * name as a dimension. CloudWatch turns them into the share of answers per risk band
 * (`AnswersHighRisk ÷ AnswersScored`) and the mean churn probability (`ChurnProbabilitySum ÷
 * AnswersScored`), which production alarms on when they leave a band around the held-out
 * distribution recorded in the model package (metrics.json `heldOutScores`).
 */
export const ANSWER_DISTRIBUTION_METRICS = {
  scored: 'AnswersScored',
  low: 'AnswersLowRisk',
  medium: 'AnswersMediumRisk',
  high: 'AnswersHighRisk',
  probabilitySum: 'ChurnProbabilitySum',
} as const;

/** The dimension that tells one endpoint's answers from another's (stages share the namespace). */
export const ANSWER_DISTRIBUTION_DIMENSION = 'Endpoint';

/** Counts per risk band and the sum of probabilities of one request's answers; no customer data. */
export function answerDistribution(probabilities: readonly number[], thresholds: RiskThresholds): MetricValue[] {
  const counts = { low: 0, medium: 0, high: 0 };
  let sum = 0;
  for (const probability of probabilities) {
    counts[riskLevelOf(probability, thresholds)] += 1;
    sum += probability;
  }
  return [
    { name: ANSWER_DISTRIBUTION_METRICS.scored, value: probabilities.length, unit: 'Count' },
    { name: ANSWER_DISTRIBUTION_METRICS.low, value: counts.low, unit: 'Count' },
    { name: ANSWER_DISTRIBUTION_METRICS.medium, value: counts.medium, unit: 'Count' },
    { name: ANSWER_DISTRIBUTION_METRICS.high, value: counts.high, unit: 'Count' },
    { name: ANSWER_DISTRIBUTION_METRICS.probabilitySum, value: sum, unit: 'None' },
  ];
}
