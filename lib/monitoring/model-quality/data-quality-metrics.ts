import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DATA_QUALITY_METRICS_NAMESPACE } from '../../endpoint/data-quality-monitor';

/**
 * The metrics Model Monitor's analyzer publishes per feature after each execution of a schedule on a
 * real-time endpoint: `feature_baseline_drift_{feature}` (distance from the baseline distribution)
 * and `feature_data_{feature}`, dimensioned by `Endpoint` and `MonitoringSchedule` (SageMaker
 * Developer Guide, model-monitor-interpreting-cloudwatch and model-monitor-byoc-cloudwatch). The
 * guide writes the namespace both as `/aws/sagemaker/Endpoints/data-metric` and
 * `…/Endpoint/data-metrics`; `aws/sagemaker/Endpoints/data-metrics` is the one the analyzer uses.
 */
export class DataQualityMetrics {
  constructor(private readonly endpointName: string, private readonly scheduleName: string) {}

  /** The drift of one feature from its baseline (`Maximum` over the window). */
  public baselineDrift(feature: string, period: Duration): cloudwatch.Metric {
    return this.metric(`feature_baseline_drift_${feature}`, cloudwatch.Stats.MAXIMUM, period);
  }

  /** Values of one feature the last executions analyzed (`SampleCount`): none means no execution reported. */
  public analyzedValues(feature: string, period: Duration): cloudwatch.Metric {
    return this.metric(`feature_data_${feature}`, cloudwatch.Stats.SAMPLE_COUNT, period);
  }

  private metric(metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DATA_QUALITY_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { Endpoint: this.endpointName, MonitoringSchedule: this.scheduleName },
      statistic,
      period,
    });
  }
}
