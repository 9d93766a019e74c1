import type { RiskLevel, RiskThresholds } from '../../contract/prediction-contract';

export type { RecommendedActions, RiskLevel, RiskThresholds } from '../../contract/prediction-contract';
export { DEFAULT_RECOMMENDED_ACTIONS, DEFAULT_RISK_THRESHOLDS } from '../../contract/prediction-contract';

export function riskLevelOf(probability: number, thresholds: RiskThresholds): RiskLevel {
  if (probability >= thresholds.high) return 'high';
  if (probability >= thresholds.medium) return 'medium';
  return 'low';
}
