import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricAggregation } from '../core/metric-options';

/** Invocation metrics of endpoint variants (one datapoint a minute). */
export const SAGEMAKER_INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Utilization metrics the endpoint's instances (or serverless workers) publish. */
export const SAGEMAKER_ENDPOINT_INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** SageMaker reports its latencies in microseconds; alarms and dashboards here speak milliseconds. */
export const SAGEMAKER_LATENCY_MICROS_PER_MILLI = 1000;

/**
 * The CloudWatch metrics one production variant of a SageMaker real-time endpoint publishes, with
 * the dimensions `EndpointName` and `VariantName`. Which metric exists for which kind of variant,
 * and in which unit, follows SageMaker's "Monitor Amazon SageMaker AI with Amazon CloudWatch" and
 * "Alarms and logs for tracking metrics from serverless endpoints" pages:
 *
 * | metric | namespace | unit | instance | serverless |
 * | --- | --- | --- | --- | --- |
 * | Invocations, Invocation4XXErrors, Invocation5XXErrors | AWS/SageMaker | count | yes | yes |
 * | ModelLatency, OverheadLatency | AWS/SageMaker | microseconds | yes | yes (overhead includes cold starts) |
 * | ModelSetupTime | AWS/SageMaker | microseconds | no | yes (cold starts only) |
 * | InvocationsPerInstance | AWS/SageMaker | count (each request adds 1/instances) | yes | no |
 * | ServerlessConcurrentExecutionsUtilization | AWS/SageMaker | ratio 0–1 (executions / max concurrency) | no | yes |
 * | CPUUtilization | /aws/sagemaker/Endpoints | percent, 0–100 × vCPUs | yes | no |
 * | MemoryUtilization | /aws/sagemaker/Endpoints | percent, 0–100 | yes | yes |
 * | DiskUtilization | /aws/sagemaker/Endpoints | percent, 0–100 | yes | no |
 *
 * No `unit` is set on these metrics: CloudWatch filters datapoints by unit, and a unit that does not
 * match what SageMaker sends would leave an alarm without data.
 */
export class SageMakerVariantMetrics {
  constructor(
    /** The endpoint's name (a token when the endpoint is in the same app). */
    public readonly endpointName: string,
    /** The production variant's name. */
    public readonly variantName: string,
  ) {}

  /** Requests sent to the variant. Use `Sum`. */
  public invocations(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'Invocations', aggregation);
  }

  /** Requests the model answered with a 4xx status (for this service: input the container rejected). Use `Sum`. */
  public invocation4xxErrors(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'Invocation4XXErrors', aggregation);
  }

  /** Requests the model or SageMaker answered with a 5xx status. Use `Sum`. */
  public invocation5xxErrors(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'Invocation5XXErrors', aggregation);
  }

  /** Time the model container took to answer, in microseconds. Use a percentile. */
  public modelLatency(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'ModelLatency', aggregation);
  }

  /** Time SageMaker added around the model (routing; for serverless, cold starts), in microseconds. */
  public overheadLatency(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'OverheadLatency', aggregation);
  }

  /** Serverless only: time to launch compute for a cold start, in microseconds. */
  public modelSetupTime(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'ModelSetupTime', aggregation);
  }

  /** Instance variants only: invocations divided by the instances serving at the time. Use `Sum`. */
  public invocationsPerInstance(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'InvocationsPerInstance', aggregation);
  }

  /** Serverless only: concurrent executions divided by the variant's maximum concurrency, 0–1. */
  public serverlessConcurrencyUtilization(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, 'ServerlessConcurrentExecutionsUtilization', aggregation);
  }

  /** Instance variants only: the sum of every core's utilization, 0–100 × vCPUs percent. */
  public cpuUtilization(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_ENDPOINT_INSTANCE_NAMESPACE, 'CPUUtilization', aggregation);
  }

  /** Memory used by the containers, 0–100 percent. */
  public memoryUtilization(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_ENDPOINT_INSTANCE_NAMESPACE, 'MemoryUtilization', aggregation);
  }

  /** Instance variants only: storage volume used by the containers, 0–100 percent. */
  public diskUtilization(aggregation: MetricAggregation): cloudwatch.Metric {
    return this.metric(SAGEMAKER_ENDPOINT_INSTANCE_NAMESPACE, 'DiskUtilization', aggregation);
  }

  private metric(namespace: string, metricName: string, aggregation: MetricAggregation): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { EndpointName: this.endpointName, VariantName: this.variantName },
      statistic: aggregation.statistic,
      period: aggregation.period,
      label: aggregation.label,
    });
  }
}
