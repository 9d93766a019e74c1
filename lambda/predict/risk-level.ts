import type { RiskLevel } from '../../contract/prediction-contract';

export type { RiskLevel } from '../../contract/prediction-contract';

/** Probability cut-offs: below `medium` is low, from `high` up is high. */
export interface RiskThresholds {
  readonly medium: number;
  readonly high: number;
}

/** What the calling backend should do for a customer in each band. */
export type RecommendedActions = Readonly<Record<RiskLevel, string>>;

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { medium: 0.3, high: 0.7 };

export const DEFAULT_RECOMMENDED_ACTIONS: RecommendedActions = {
  low: 'none',
  medium: 'engagement-offer',
  high: 'retention-offer',
};

export function riskLevelOf(probability: number, thresholds: RiskThresholds): RiskLevel {
  if (probability >= thresholds.high) return 'high';
  if (probability >= thresholds.medium) return 'medium';
  return 'low';
}
