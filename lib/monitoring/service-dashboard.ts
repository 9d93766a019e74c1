import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { RUNBOOK_DOCUMENT } from '../private/runbook';
import { ResolvedAlarmThresholds } from './core/alarm-thresholds';
import { alarmStatusWidget } from './core/alarm-status-widget';
import { LatencyBudget } from './core/latency-budget';
import { guardedRatePercent } from './core/guarded-expressions';
import { LambdaFunctionMetrics } from './function/lambda-function-metrics';
import { RestApiMetrics } from './api/rest-api-metrics';
import { SAGEMAKER_LATENCY_MICROS_PER_MILLI, SageMakerVariantMetrics } from './endpoint/sagemaker-variant-metrics';
import { MonitoredEndpoint } from './endpoint/monitored-endpoint';
import { SeverityThresholds } from './core/severity';

export interface ServiceDashboardProps {
  /** The API stage's metrics. */
  readonly api: RestApiMetrics;
  /** The Lambda proxy's metrics. */
  readonly function: LambdaFunctionMetrics;
  /** The function's timeout, drawn on its duration graph. */
  readonly functionTimeout: Duration;
  /**
   * The function's reserved concurrency, drawn on its concurrency graph.
   * @default - no reserved concurrency line
   */
  readonly reservedConcurrentExecutions?: number;
  /** The endpoint and its variants. */
  readonly endpoint: MonitoredEndpoint;
  /** Drawn on the latency graphs. */
  readonly latencyBudget: LatencyBudget;
  /** Drawn on the error-rate and capacity graphs. */
  readonly thresholds: ResolvedAlarmThresholds;
  /** Shown in the alarm status widget, in this order. */
  readonly alarms: cloudwatch.IAlarm[];
}

/** Graphs look at one-minute points: the resolution SageMaker, Lambda and API Gateway publish. */
const GRAPH_PERIOD = Duration.minutes(1);
const THIRD = 8;
const HEIGHT = 6;
const CRITICAL_COLOR = cloudwatch.Color.RED;
const WARNING_COLOR = cloudwatch.Color.ORANGE;
const BOUND_COLOR = cloudwatch.Color.GREY;

function thresholdLines(thresholds: SeverityThresholds, what: string): cloudwatch.HorizontalAnnotation[] {
  const lines: cloudwatch.HorizontalAnnotation[] = [];
  if (thresholds.critical !== undefined) lines.push({ value: thresholds.critical, label: `${what} critical`, color: CRITICAL_COLOR });
  if (thresholds.warning !== undefined) lines.push({ value: thresholds.warning, label: `${what} warning`, color: WARNING_COLOR });
  return lines;
}

/**
 * One CloudWatch dashboard for the service, read top to bottom: traffic, error rates, latency
 * percentiles by layer against the latency budget, capacity against scaling bounds, alarm status.
 * Every metric comes from the metric factories, so namespaces and dimensions are the alarms' own.
 */
export class ServiceDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const { api, endpoint, latencyBudget: budget, thresholds } = props;
    const fn = props.function;
    const sum = { statistic: cloudwatch.Stats.SUM, period: GRAPH_PERIOD };
    const variants = endpoint.variants.map((variant) => ({
      variant, metrics: new SageMakerVariantMetrics(endpoint.endpointName, variant.variantName),
    }));
    const percentiles = ['p50', 'p90', 'p99'];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      periodOverride: cloudwatch.PeriodOverride.INHERIT,
    });

    this.dashboard.addWidgets(new cloudwatch.TextWidget({
      width: 24,
      height: 2,
      markdown: [
        '# Churn prediction service',
        `Latency budget (p99): end to end ${budget.endToEnd.toMilliseconds()} ms = API Gateway ${budget.apiGatewayOverhead.toMilliseconds()}`
        + ` + Lambda ${budget.lambdaOverhead.toMilliseconds()} + SageMaker overhead ${budget.sageMakerOverhead.toMilliseconds()}`
        + ` + model ${budget.model.toMilliseconds()} ms (+ headroom). Each alarm's description links its runbook section in ${RUNBOOK_DOCUMENT}.`,
      ].join('\n'),
    }));

    // Traffic
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests / min', width: THIRD, height: HEIGHT,
        left: [api.count({ ...sum, label: 'requests' }), api.clientErrors({ ...sum, label: '4XX' }), api.serverErrors({ ...sum, label: '5XX' })],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda invocations / min', width: THIRD, height: HEIGHT,
        left: [fn.invocations({ ...sum, label: 'invocations' }), fn.errors({ ...sum, label: 'errors' }), fn.throttles({ ...sum, label: 'throttles' })],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Endpoint invocations / min by variant', width: THIRD, height: HEIGHT,
        left: variants.map(({ variant, metrics }) => metrics.invocations({ ...sum, label: variant.variantName })),
        leftYAxis: { min: 0, showUnits: false },
      }),
    );

    // Error rates (%), drawn against the alarm thresholds
    const rate = (failures: cloudwatch.IMetric, requests: cloudwatch.IMetric, label: string, idPrefix: string, failuresAreNotRequests = false) =>
      guardedRatePercent({ failures, requests, failuresAreNotRequests, minRequests: 1, period: GRAPH_PERIOD, label, idPrefix });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API error rates (%)', width: THIRD, height: HEIGHT,
        left: [
          rate(api.serverErrors(sum), api.count(sum), '5XX %', 'api5xx'),
          rate(api.clientErrors(sum), api.count(sum), '4XX %', 'api4xx'),
        ],
        leftAnnotations: [...thresholdLines(thresholds.api5xxRatePercent, '5XX'), ...thresholdLines(thresholds.api4xxRatePercent, '4XX')],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda error and throttle rates (%)', width: THIRD, height: HEIGHT,
        left: [
          rate(fn.errors(sum), fn.invocations(sum), 'errors %', 'fnerr'),
          rate(fn.throttles(sum), fn.invocations(sum), 'throttles %', 'fnthr', true),
        ],
        leftAnnotations: thresholdLines(thresholds.functionErrorRatePercent, 'errors'),
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Endpoint error rates by variant (%)', width: THIRD, height: HEIGHT,
        left: variants.flatMap(({ variant, metrics }, i) => [
          rate(metrics.invocation5xxErrors(sum), metrics.invocations(sum), `${variant.variantName} 5XX %`, `v${i}_5xx`),
          rate(metrics.invocation4xxErrors(sum), metrics.invocations(sum), `${variant.variantName} 4XX %`, `v${i}_4xx`),
        ]),
        leftAnnotations: thresholdLines(thresholds.variant5xxRatePercent, '5XX'),
        leftYAxis: { min: 0, showUnits: false },
      }),
    );

    // Latency percentiles by layer (ms), drawn against the budget
    const micros = (metric: cloudwatch.IMetric, label: string, id: string) => new cloudwatch.MathExpression({
      expression: `${id} / ${SAGEMAKER_LATENCY_MICROS_PER_MILLI}`, usingMetrics: { [id]: metric }, period: GRAPH_PERIOD, label,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API Gateway latency (ms)', width: THIRD, height: HEIGHT,
        left: [
          ...percentiles.map((p) => api.latency({ statistic: p, period: GRAPH_PERIOD, label: `Latency ${p}` })),
          api.integrationLatency({ statistic: 'p99', period: GRAPH_PERIOD, label: 'IntegrationLatency p99' }),
        ],
        leftAnnotations: [{ value: budget.endToEnd.toMilliseconds(), label: 'end-to-end budget', color: CRITICAL_COLOR }],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration (ms)', width: THIRD, height: HEIGHT,
        left: percentiles.map((p) => fn.duration({ statistic: p, period: GRAPH_PERIOD, label: `Duration ${p}` })),
        leftAnnotations: [
          { value: budget.functionBudget.toMilliseconds(), label: 'function budget', color: WARNING_COLOR },
          { value: props.functionTimeout.toMilliseconds() * thresholds.functionDurationTimeoutFraction, label: 'near timeout', color: CRITICAL_COLOR },
        ],
        leftYAxis: { min: 0, showUnits: false },
      }),
      new cloudwatch.GraphWidget({
        title: 'SageMaker latency by variant (ms)', width: THIRD, height: HEIGHT,
        left: variants.flatMap(({ variant, metrics }, i) => [
          ...percentiles.map((p) => micros(metrics.modelLatency({ statistic: p, period: GRAPH_PERIOD }), `${variant.variantName} ModelLatency ${p}`, `v${i}_model_${p}`)),
          micros(metrics.overheadLatency({ statistic: 'p99', period: GRAPH_PERIOD }), `${variant.variantName} OverheadLatency p99`, `v${i}_overhead_p99`),
        ]),
        leftAnnotations: [
          { value: budget.model.toMilliseconds(), label: 'model budget', color: WARNING_COLOR },
          { value: budget.sageMakerOverhead.toMilliseconds(), label: 'SageMaker overhead budget', color: BOUND_COLOR },
        ],
        leftYAxis: { min: 0, showUnits: false },
      }),
    );

    // Capacity
    const capacity: cloudwatch.IWidget[] = [];
    variants.forEach(({ variant, metrics }, i) => {
      if (variant.kind === 'instance') {
        capacity.push(new cloudwatch.GraphWidget({
          title: `${variant.variantName}: instances vs scaling bounds`, width: THIRD, height: HEIGHT,
          // InvocationsPerInstance adds 1/instances per request, so Invocations ÷ InvocationsPerInstance
          // is the instances serving; no traffic leaves a gap.
          left: [new cloudwatch.MathExpression({
            expression: `v${i}_invocations / v${i}_per_instance`,
            usingMetrics: {
              [`v${i}_invocations`]: metrics.invocations(sum),
              [`v${i}_per_instance`]: metrics.invocationsPerInstance(sum),
            },
            period: GRAPH_PERIOD,
            label: 'instances serving',
          })],
          leftAnnotations: [
            { value: variant.minInstanceCount, label: 'min', color: BOUND_COLOR },
            { value: variant.maxInstanceCount, label: 'max', color: CRITICAL_COLOR },
          ],
          right: [metrics.invocationsPerInstance({ ...sum, label: 'invocations per instance / min' })],
          rightAnnotations: [
            { value: variant.maxInvocationsPerInstancePerMinute, label: 'per-instance ceiling', color: CRITICAL_COLOR },
            ...(variant.scalingTargetInvocationsPerInstancePerMinute === undefined ? []
              : [{ value: variant.scalingTargetInvocationsPerInstancePerMinute, label: 'scaling target', color: BOUND_COLOR }]),
          ],
          leftYAxis: { min: 0, showUnits: false },
          rightYAxis: { min: 0, showUnits: false },
        }));
        const average = { statistic: cloudwatch.Stats.AVERAGE, period: GRAPH_PERIOD };
        capacity.push(new cloudwatch.GraphWidget({
          title: `${variant.variantName}: utilization (%)`, width: THIRD, height: HEIGHT,
          left: [
            new cloudwatch.MathExpression({
              expression: `v${i}_cpu / ${variant.vcpusPerInstance}`,
              usingMetrics: { [`v${i}_cpu`]: metrics.cpuUtilization(average) },
              period: GRAPH_PERIOD,
              label: `CPU per vCPU (${variant.vcpusPerInstance} vCPUs)`,
            }),
            metrics.memoryUtilization({ ...average, label: 'memory' }),
            metrics.diskUtilization({ ...average, label: 'disk' }),
          ],
          leftYAxis: { min: 0, max: 100, showUnits: false },
        }));
      } else {
        capacity.push(new cloudwatch.GraphWidget({
          title: `${variant.variantName}: serverless concurrency and cold starts`, width: THIRD, height: HEIGHT,
          left: [metrics.serverlessConcurrencyUtilization({ statistic: cloudwatch.Stats.MAXIMUM, period: GRAPH_PERIOD, label: `concurrency / max (${variant.maxConcurrency})` })],
          leftAnnotations: [{ value: thresholds.serverlessConcurrencyFraction, label: 'warning', color: WARNING_COLOR }],
          right: [micros(metrics.modelSetupTime({ statistic: cloudwatch.Stats.MAXIMUM, period: GRAPH_PERIOD }), 'ModelSetupTime max (ms)', `v${i}_setup`)],
          leftYAxis: { min: 0, max: 1, showUnits: false },
          rightYAxis: { min: 0, showUnits: false },
        }));
      }
    });
    capacity.push(new cloudwatch.GraphWidget({
      title: 'Lambda concurrent executions', width: THIRD, height: HEIGHT,
      left: [fn.concurrentExecutions({ statistic: cloudwatch.Stats.MAXIMUM, period: GRAPH_PERIOD, label: 'max concurrent executions' })],
      leftAnnotations: props.reservedConcurrentExecutions === undefined ? []
        : [{ value: props.reservedConcurrentExecutions, label: 'reserved concurrency', color: CRITICAL_COLOR }],
      leftYAxis: { min: 0, showUnits: false },
    }));
    this.dashboard.addWidgets(...capacity);

    this.dashboard.addWidgets(alarmStatusWidget('Alarms (service unhealthy first, then critical, then warning)', props.alarms));
  }
}
