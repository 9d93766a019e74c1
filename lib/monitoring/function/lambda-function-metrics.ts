import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from '../core/metric-options';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * The standard metrics Lambda publishes for one function (dimension `FunctionName`, one-minute
 * granularity). Only these; the function's own EMF metrics are deliberately not relied on.
 *
 * | metric | unit | note |
 * | --- | --- | --- |
 * | Invocations | count | includes failed invocations, excludes throttled requests |
 * | Errors | count | crashes, timeouts, out-of-memory; a handled 5xx answer is not an error |
 * | Throttles | count | requests refused for want of concurrency |
 * | Duration | milliseconds | excludes the cold-start init phase |
 * | ConcurrentExecutions | count | emitted for every function; use `Maximum` |
 */
export class LambdaFunctionMetrics {
  constructor(
    /** The function's name (a token when the function is in the same app). */
    public readonly functionName: string,
  ) {}

  public invocations(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Invocations', aggregation);
  }

  public errors(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Errors', aggregation);
  }

  public throttles(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Throttles', aggregation);
  }

  /** Milliseconds. Use a percentile. */
  public duration(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('Duration', aggregation);
  }

  /** Use `Maximum`. */
  public concurrentExecutions(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric('ConcurrentExecutions', aggregation);
  }

  private metric(metricName: string, aggregation: MetricAggregation): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: LAMBDA_NAMESPACE,
      metricName,
      dimensionsMap: { FunctionName: this.functionName },
      statistic: aggregation.statistic,
      period: aggregation.period,
      label: aggregation.label,
    });
  }
}
