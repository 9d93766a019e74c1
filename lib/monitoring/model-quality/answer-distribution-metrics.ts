import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ANSWER_DISTRIBUTION_DIMENSION, ANSWER_DISTRIBUTION_METRICS } from '../../../lambda/predict/answer-distribution';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../lambda/shared/metrics';

/** The risk bands whose share is watched; the low band's is what the other two leave. */
export type WatchedRiskBand = 'medium' | 'high';

/**
 * The predict function's answer distribution (lambda/predict/answer-distribution.ts), written in
 * Embedded Metric Format under namespace `ChurnPrediction` with dimensions `service` and `Endpoint`.
 */
export class AnswerDistributionMetrics {
  constructor(private readonly endpointName: string) {}

  /** Answers scored in a window (`Sum`). */
  public scored(period: Duration): cloudwatch.Metric {
    return this.sum(ANSWER_DISTRIBUTION_METRICS.scored, period);
  }

  /** Answers of one band in a window (`Sum`). */
  public band(band: WatchedRiskBand, period: Duration): cloudwatch.Metric {
    return this.sum(ANSWER_DISTRIBUTION_METRICS[band], period);
  }

  /** Sum of the answers' churn probabilities in a window. */
  public probabilitySum(period: Duration): cloudwatch.Metric {
    return this.sum(ANSWER_DISTRIBUTION_METRICS.probabilitySum, period);
  }

  private sum(metricName: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: METRICS_SERVICE, [ANSWER_DISTRIBUTION_DIMENSION]: this.endpointName },
      statistic: cloudwatch.Stats.SUM,
      period,
    });
  }
}
