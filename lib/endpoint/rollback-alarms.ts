import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { runbookLink } from '../private/runbook';

/** SageMaker publishes endpoint invocation metrics every minute. */
const PERIOD = Duration.minutes(1);

export interface RollbackAlarmOptions {
  /**
   * Percent of a variant's invocations answered with 5XX (over one minute) that counts as
   * failing, in (0, 100]. SageMaker sends Invocation5XXErrors as 1 or 0 per request, so its average
   * is the error rate.
   * @default 1
   */
  readonly maxErrorRatePercent?: number;
  /**
   * p99 of SageMaker's ModelLatency (over one minute) that counts as too slow.
   * @default Duration.millis(100)
   */
  readonly modelLatencyP99Threshold?: Duration;
}

export interface EndpointRollbackAlarmsProps extends RollbackAlarmOptions {
  /** The endpoint's name (its `GetAtt EndpointName`). */
  readonly endpointName: string;
  /** The production variants to watch. */
  readonly variantNames: readonly string[];
}

/**
 * Per production variant, an alarm on the 5XX error rate and one on p99 model latency: SageMaker
 * rolls a deployment back when one goes off, and monitoring reuses them (`alarms`).
 *
 * The alarms measure the endpoint (their dimension is its name), and the endpoint's
 * DeploymentConfig names the alarms. Both names are known at synth time (the endpoint's is fixed,
 * see `stableEndpointName`; the alarms' derive from the stack name and construct path), so neither
 * references the other, and the endpoint can depend on its alarms: they exist before SageMaker is
 * asked to watch them.
 * Shapes follow "Auto-Rollback Configuration and Monitoring" (SageMaker Developer Guide,
 * deployment-guardrails-configuration): an average error rate over both fleets, and latency.
 */
export class EndpointRollbackAlarms extends Construct {
  /** Every alarm, for reuse (actions, dashboards). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The alarms' names, known at synth time. */
  public readonly alarmNames: string[] = [];
  /** The alarms' ARNs, known without referencing the alarms. */
  public readonly alarmArns: string[] = [];
  /** 5XX error-rate alarm of each variant. */
  public readonly errorRateAlarms: Record<string, cloudwatch.Alarm> = {};
  /** p99 model-latency alarm of each variant. */
  public readonly latencyAlarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: EndpointRollbackAlarmsProps) {
    super(scope, id);
    const maxErrorRatePercent = props.maxErrorRatePercent ?? 1;
    const latency = props.modelLatencyP99Threshold ?? Duration.millis(100);
    for (const variantName of props.variantNames) {
      const variantScope = new Construct(this, variantName);
      const dimensionsMap = { EndpointName: props.endpointName, VariantName: variantName };
      this.errorRateAlarms[variantName] = this.addAlarm(variantScope, 'ErrorRate', {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap, statistic: cloudwatch.Stats.AVERAGE, period: PERIOD,
        }),
        // The metric is a fraction; toPrecision: 7 / 100 is 0.07000000000000001 in floating point.
        threshold: Number((maxErrorRatePercent / 100).toPrecision(12)),
        alarmDescription: `More than ${maxErrorRatePercent}% of variant ${variantName}'s invocations answered 5XX (2 of 3 minutes); `
          + `rolls a deployment back. ${runbookLink('Variant5xxRate')}`,
      });
      this.latencyAlarms[variantName] = this.addAlarm(variantScope, 'ModelLatencyP99', {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensionsMap, statistic: cloudwatch.Stats.p(99), period: PERIOD,
        }),
        // SageMaker reports ModelLatency in microseconds.
        threshold: latency.toMilliseconds() * 1000,
        alarmDescription: `p99 model latency of variant ${variantName} is above ${latency.toMilliseconds()} ms (2 of 3 minutes); `
          + `rolls a deployment back. ${runbookLink('VariantModelLatencyP99')}`,
      });
    }
  }

  private addAlarm(scope: Construct, id: string, options: { metric: cloudwatch.IMetric; threshold: number; alarmDescription: string }): cloudwatch.Alarm {
    const alarmName = `${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}-${id}`;
    const alarm = new cloudwatch.Alarm(scope, id, {
      ...options,
      alarmName,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No traffic means no errors: a quiet endpoint neither alarms nor blocks a deployment.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarms.push(alarm);
    this.alarmNames.push(alarmName);
    this.alarmArns.push(Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarmName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
    return alarm;
  }
}
