export type RiskLevel = 'low' | 'medium' | 'high';

/** Probability cut-offs: below `medium` is low, from `high` up is high. */
export interface RiskThresholds {
  readonly medium: number;
  readonly high: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { medium: 0.3, high: 0.7 };

export function riskLevelOf(probability: number, thresholds: RiskThresholds): RiskLevel {
  if (probability >= thresholds.high) return 'high';
  if (probability >= thresholds.medium) return 'medium';
  return 'low';
}
