import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from '../core/metric-options';

export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/**
 * The standard metrics API Gateway publishes for one REST API stage (dimensions `ApiName` and
 * `Stage`; the stage must have `metricsEnabled`). `ApiName` is the API's name, not its id: two APIs
 * of one name in one account and region share these metrics.
 *
 * | metric | unit | note |
 * | --- | --- | --- |
 * | Count | count | every request, whatever its answer |
 * | 4XXError, 5XXError | count with `Sum` (rate with `Average`) | answers by status class |
 * | Latency | milliseconds | request received to response sent, integration included |
 * | IntegrationLatency | milliseconds | time spent in the Lambda integration |
 */
export class RestApiMetrics {
  constructor(
    /** The REST API's name. */
    public readonly apiName: string,
    /** The deployed stage's name. */
    public readonly stageName: string,
  ) {}

  public count(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Count', aggregation);
  }

  public clientErrors(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('4XXError', aggregation);
  }

  public serverErrors(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('5XXError', aggregation);
  }

  /** Milliseconds. Use a percentile. */
  public latency(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Latency', aggregation);
  }

  /** Milliseconds. Use a percentile. */
  public integrationLatency(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('IntegrationLatency', aggregation);
  }

  private metric(metricName: string, aggregation: MetricAggregation): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: API_GATEWAY_NAMESPACE,
      metricName,
      dimensionsMap: { ApiName: this.apiName, Stage: this.stageName },
      statistic: aggregation.statistic,
      period: aggregation.period,
      label: aggregation.label,
    });
  }
}
