import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MetricAggregation } from '../core/metric-options';
import { AlarmFactory } from '../core/alarm-factory';
import { ResolvedAlarmThresholds } from '../core/alarm-thresholds';
import { LatencyBudget } from '../core/latency-budget';
import { RestApiMetrics } from '../api/rest-api-metrics';
import { SAGEMAKER_LATENCY_MICROS_PER_MILLI, SageMakerVariantMetrics } from './sagemaker-variant-metrics';
import { MonitoredEndpoint, MonitoredInstanceVariant, MonitoredServerlessVariant, MonitoredVariant } from './monitored-endpoint';
import { EVALUATION_POLICIES, Severity, SeverityThresholds } from '../core/severity';
import { minimumRequests, TrafficAlarms } from '../core/traffic-alarm';

export interface EndpointAlarmsInput {
  readonly endpoint: MonitoredEndpoint;
  /** The API in front, to tell requests that should have reached the model. */
  readonly api: RestApiMetrics;
  /**
   * Variants whose 5XX-rate and ModelLatency alarms exist elsewhere (the endpoint's deployment
   * rollback alarms): no such alarm is created here for them.
   */
  readonly variantsWithExistingAlarms: ReadonlySet<string>;
}

/** A shadow variant's answers reach nobody: its alarms warn, they never page. */
function forVariant(variant: MonitoredVariant, thresholds: SeverityThresholds): SeverityThresholds {
  if (variant.shadow !== true) return thresholds;
  const warning = thresholds.warning ?? thresholds.critical;
  return warning === undefined ? {} : { warning };
}

/**
 * The SageMaker endpoint: per variant 5XX and 4XX rates, ModelLatency and OverheadLatency p99
 * against their budget parts, utilization and capacity by kind of variant; and for the endpoint,
 * requests that reach the API but no variant.
 */
export function addEndpointAlarms(scope: Construct, factory: AlarmFactory, input: EndpointAlarmsInput, thresholds: ResolvedAlarmThresholds, budget: LatencyBudget): void {
  const { endpoint } = input;
  for (const variant of endpoint.variants) {
    const variantScope = new Construct(scope, variant.variantName);
    const metrics = new SageMakerVariantMetrics(endpoint.endpointName, variant.variantName);
    const name = `Variant ${variant.variantName}${variant.shadow === true ? ' (shadow)' : ''}`;
    // Invocation metrics are published for windows with invocations: an empty window had no
    // requests, hence NOT_BREACHING for rates and latencies.
    const alarms = new TrafficAlarms(variantScope, factory, thresholds);
    const invocations = (o: MetricAggregation) => metrics.invocations(o);
    if (!input.variantsWithExistingAlarms.has(variant.variantName)) {
      alarms.rate({
        id: 'Variant5xxRate',
        failures: (o) => metrics.invocation5xxErrors(o), requests: invocations, label: `${variant.variantName} 5XX rate (%)`,
        thresholds: forVariant(variant, thresholds.variant5xxRatePercent),
        describe: (t) => `${name}: the model or SageMaker answered ${t}% or more of its invocations with 5XX.`,
      });
      alarms.latencyP99({
        id: 'VariantModelLatencyP99',
        latency: (o) => metrics.modelLatency(o), requests: invocations, divisor: SAGEMAKER_LATENCY_MICROS_PER_MILLI,
        label: `${variant.variantName} ModelLatency p99 (ms)`,
        thresholds: forVariant(variant, { warning: budget.model.toMilliseconds() }),
        describe: (t) => `${name}: p99 model latency reached ${t} ms, the model's latency budget.`,
      });
    }
    alarms.rate({
      id: 'Variant4xxRate',
      failures: (o) => metrics.invocation4xxErrors(o), requests: invocations, label: `${variant.variantName} 4XX rate (%)`,
      thresholds: forVariant(variant, thresholds.variant4xxRatePercent),
      describe: (t) => `${name}: the model container rejected ${t}% or more of its invocations with 4XX.`,
    });
    alarms.latencyP99({
      id: 'VariantOverheadLatencyP99',
      latency: (o) => metrics.overheadLatency(o), requests: invocations, divisor: SAGEMAKER_LATENCY_MICROS_PER_MILLI,
      label: `${variant.variantName} OverheadLatency p99 (ms)`,
      thresholds: forVariant(variant, { warning: budget.sageMakerOverhead.toMilliseconds() }),
      describe: (t) => `${name}: p99 SageMaker overhead latency reached ${t} ms, SageMaker's latency budget.`,
    });
    if (variant.kind === 'instance') addInstanceVariantAlarms(variantScope, factory, metrics, variant, name, thresholds);
    else addServerlessVariantAlarms(variantScope, factory, metrics, variant, name, thresholds);
  }
  addRequestsNotReachingModel(scope, factory, input, thresholds);
}

function addInstanceVariantAlarms(
  scope: Construct, factory: AlarmFactory, metrics: SageMakerVariantMetrics, variant: MonitoredInstanceVariant,
  name: string, thresholds: ResolvedAlarmThresholds,
): void {
  const average = (period: Duration) => ({ statistic: cloudwatch.Stats.AVERAGE, period });
  // Instances publish utilization every minute whether or not they serve requests. Silence means
  // the instances are gone or not reporting: MISSING leaves the alarm in INSUFFICIENT_DATA, grey on
  // the dashboard, rather than a green that would claim the instances are fine.
  const cpu = thresholds.cpuUtilizationPercentPerVcpu;
  factory.create(scope, {
    id: 'VariantCpuUtilization',
    runbook: 'VariantCpuUtilization',
    metric: (period) => metrics.cpuUtilization({ ...average(period), label: `${variant.variantName} CPU (% of one vCPU, summed)` }),
    thresholds: forVariant(variant, {
      critical: cpu.critical === undefined ? undefined : cpu.critical * variant.vcpusPerInstance,
      warning: cpu.warning === undefined ? undefined : cpu.warning * variant.vcpusPerInstance,
    }),
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    describe: (t) => `${name}: average CPU reached ${t}% (${t / variant.vcpusPerInstance}% of each of ${variant.vcpusPerInstance} vCPUs).`,
  });
  factory.create(scope, {
    id: 'VariantMemoryUtilization',
    runbook: 'VariantMemoryUtilization',
    metric: (period) => metrics.memoryUtilization({ ...average(period), label: `${variant.variantName} memory (%)` }),
    thresholds: forVariant(variant, thresholds.memoryUtilizationPercent),
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    describe: (t) => `${name}: average memory utilization reached ${t}%.`,
  });
  factory.create(scope, {
    id: 'VariantDiskUtilization',
    runbook: 'VariantDiskUtilization',
    metric: (period) => metrics.diskUtilization({ ...average(period), label: `${variant.variantName} disk (%)` }),
    thresholds: forVariant(variant, thresholds.diskUtilizationPercent),
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    describe: (t) => `${name}: average disk utilization reached ${t}%.`,
  });
  const ceiling = variant.maxInvocationsPerInstancePerMinute;
  const fraction = thresholds.invocationsPerInstanceCeilingFraction;
  factory.create(scope, {
    id: 'VariantInvocationsPerInstance',
    runbook: 'VariantInvocationsPerInstance',
    // Summed over the window, so the per-minute ceiling is scaled by the window's minutes.
    metric: (period) => metrics.invocationsPerInstance({ statistic: cloudwatch.Stats.SUM, period, label: `${variant.variantName} invocations per instance` }),
    thresholds: { warning: ceiling * fraction * EVALUATION_POLICIES[Severity.WARNING].period.toMinutes() },
    // No traffic, no datapoint: NOT_BREACHING.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: () => `${name}: invocations per instance reached ${fraction * 100}% of the ${ceiling}/min one instance sustains; scaling is at its maximum (${variant.maxInstanceCount}) or lagging.`,
  });
}

function addServerlessVariantAlarms(
  scope: Construct, factory: AlarmFactory, metrics: SageMakerVariantMetrics, variant: MonitoredServerlessVariant,
  name: string, thresholds: ResolvedAlarmThresholds,
): void {
  // Serverless metrics exist only while the variant is invoked: an empty window is an idle
  // variant, hence NOT_BREACHING throughout.
  const fraction = thresholds.serverlessConcurrencyFraction;
  factory.create(scope, {
    id: 'VariantConcurrencyUtilization',
    runbook: 'VariantConcurrencyUtilization',
    metric: (period) => metrics.serverlessConcurrencyUtilization({ statistic: cloudwatch.Stats.MAXIMUM, period, label: `${variant.variantName} concurrency / max` }),
    thresholds: { warning: fraction },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: () => `${name}: concurrent executions reached ${fraction * 100}% of its maximum concurrency (${variant.maxConcurrency}).`,
  });
  const setupMillis = thresholds.serverlessModelSetupTime.toMilliseconds();
  factory.create(scope, {
    id: 'VariantModelSetupTime',
    runbook: 'VariantModelSetupTime',
    metric: (period) => metrics.modelSetupTime({ statistic: cloudwatch.Stats.MAXIMUM, period, label: `${variant.variantName} ModelSetupTime max (µs)` }),
    thresholds: { warning: setupMillis * SAGEMAKER_LATENCY_MICROS_PER_MILLI },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: () => `${name}: a cold start (ModelSetupTime) took ${setupMillis} ms or more.`,
  });
  factory.create(scope, {
    id: 'VariantMemoryUtilization',
    runbook: 'VariantMemoryUtilization',
    metric: (period) => metrics.memoryUtilization({ statistic: cloudwatch.Stats.AVERAGE, period, label: `${variant.variantName} memory (%)` }),
    thresholds: forVariant(variant, thresholds.memoryUtilizationPercent),
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: (t) => `${name}: average memory utilization reached ${t}% of the variant's memory size.`,
  });
}

/**
 * Requests the API accepted (not 4XX) while no production variant was invoked: the function points
 * at the wrong endpoint, cannot reach it, or fails before calling it. The variants' invocations are
 * FILLed with 0, so their silence cannot hide the breakage; a window without API requests has no
 * datapoint at all and is NOT_BREACHING.
 */
function addRequestsNotReachingModel(scope: Construct, factory: AlarmFactory, input: EndpointAlarmsInput, thresholds: ResolvedAlarmThresholds): void {
  const serving = input.endpoint.variants.filter((v) => v.shadow !== true);
  factory.create(scope, {
    id: 'RequestsNotReachingModel',
    runbook: 'RequestsNotReachingModel',
    metric: (period) => {
      const sum = { statistic: cloudwatch.Stats.SUM, period };
      const usingMetrics: Record<string, cloudwatch.IMetric> = {
        api_count: input.api.count(sum),
        api_4xx: input.api.clientErrors(sum),
      };
      serving.forEach((variant, i) => {
        usingMetrics[`variant${i}_invocations`] = new SageMakerVariantMetrics(input.endpoint.endpointName, variant.variantName).invocations(sum);
      });
      const invocations = serving.map((_, i) => `FILL(variant${i}_invocations, 0)`).join(' + ');
      return new cloudwatch.MathExpression({
        // Nested IFs rather than a logical AND: the plainest form of CloudWatch's IF function.
        expression: `IF(FILL(api_count, 0) - FILL(api_4xx, 0) >= ${minimumRequests(thresholds, period)}, IF(${invocations} == 0, 1, 0), 0)`,
        usingMetrics,
        period,
        label: 'accepted API requests but no model invocation (1 = yes)',
      });
    },
    thresholds: { critical: 1 },
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    describe: () => 'The API accepted requests but no production variant of the endpoint was invoked.',
  });
}
