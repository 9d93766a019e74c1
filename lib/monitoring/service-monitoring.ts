import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { throwIfProblems } from '../invalid-props-error';
import { runbookLink } from '../private/runbook';
import { AlarmFactory, MonitoredAlarm } from './core/alarm-factory';
import { alarmThresholdProblems, AlarmThresholds, resolveAlarmThresholds } from './core/alarm-thresholds';
import { AlarmTopics } from './alarm-topics';
import { addApiAlarms } from './api/api-alarms';
import { addEndpointAlarms } from './endpoint/endpoint-alarms';
import { addFunctionAlarms } from './function/function-alarms';
import { LatencyBudget } from './core/latency-budget';
import { LambdaFunctionMetrics } from './function/lambda-function-metrics';
import { RestApiMetrics } from './api/rest-api-metrics';
import { MonitoredEndpoint, monitoredEndpointProblems } from './endpoint/monitored-endpoint';
import { DescribableEndpoint, monitoredEndpointOf } from './endpoint/monitored-endpoint-of';
import { ServiceDashboard } from './service-dashboard';
import { Severity } from './core/severity';

/** A variant's own 5XX-rate and ModelLatency p99 alarms, made elsewhere and adopted as critical. */
export interface ExistingVariantAlarms {
  /** The production variant they watch. */
  readonly variantName: string;
  /** Alarm on the variant's 5XX rate. */
  readonly errorRate: cloudwatch.IAlarm;
  /** Alarm on the variant's ModelLatency p99; its threshold should be the latency budget's `model`. */
  readonly modelLatency: cloudwatch.IAlarm;
}

export interface ServiceMonitoringProps {
  /** The SageMaker endpoint and its variants, as plain values. */
  readonly endpoint: MonitoredEndpoint;
  /** The Lambda proxy; its standard AWS/Lambda metrics are watched. */
  readonly predictFunction: lambda.IFunction;
  /** The function's timeout (the duration alarm fires near it). */
  readonly functionTimeout: Duration;
  /**
   * The function's reserved concurrency.
   * @default - none: the function shares the account's unreserved pool, whose size is not known
   * at synth time, so no concurrency alarm is created (the throttle-rate alarm still fires)
   */
  readonly reservedConcurrentExecutions?: number;
  /** The REST API; its stage's standard AWS/ApiGateway metrics are watched. */
  readonly restApi: apigateway.IRestApi;
  /** The p99 latency each layer may spend; its parts are the latency alarms' thresholds. */
  readonly latencyBudget: LatencyBudget;
  /** Encrypts the alarm topics; its policy must let cloudwatch.amazonaws.com use it. */
  readonly encryptionKey: kms.IKey;
  /**
   * An address subscribed to both alarm topics.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Per-variant error and latency alarms created elsewhere (the endpoint's deployment rollback
   * alarms). They join the critical set (so the composite and the dashboard), get the warning
   * topic's notifications when defined in this app, and replace the 5XX-rate and ModelLatency
   * alarms this construct would otherwise create for their variant. Only for variants that serve
   * traffic: a shadow variant's alarms warn, they never page.
   * @default - every variant's 5XX-rate and ModelLatency alarms are created here
   */
  readonly existingEndpointAlarms?: ExistingVariantAlarms[];
  /**
   * Non-latency thresholds.
   * @default - see AlarmThresholds
   */
  readonly thresholds?: AlarmThresholds;
}

/**
 * Alarms on every layer (API Gateway, Lambda, each SageMaker variant), a composite "service
 * unhealthy" alarm over the critical ones that alone pages, two KMS-encrypted topics by severity,
 * and one dashboard.
 */
export class ServiceMonitoring extends Construct {
  /** An endpoint construct (ChurnModelEndpoint) as the `endpoint` prop takes it: its variants as deployed. */
  public static endpointOf(endpoint: DescribableEndpoint): MonitoredEndpoint {
    return monitoredEndpointOf(endpoint);
  }

  public readonly topics: AlarmTopics;
  /** The composite over every critical alarm; the only alarm on the critical topic. */
  public readonly serviceUnhealthy: cloudwatch.CompositeAlarm;
  /** Every alarm with its severity, created and adopted, composite excluded. */
  public readonly alarms: readonly MonitoredAlarm[];
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly apiMetrics: RestApiMetrics;
  public readonly functionMetrics: LambdaFunctionMetrics;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const thresholds = resolveAlarmThresholds(props.thresholds);
    validate(props, thresholds);

    this.topics = new AlarmTopics(this, 'Topics', { encryptionKey: props.encryptionKey, email: props.alarmEmail });
    this.apiMetrics = new RestApiMetrics(props.restApi.restApiName, props.restApi.deploymentStage.stageName);
    this.functionMetrics = new LambdaFunctionMetrics(props.predictFunction.functionName);
    const factory = new AlarmFactory(this.topics);
    const existing = props.existingEndpointAlarms ?? [];

    addApiAlarms(new Construct(this, 'Api'), factory, this.apiMetrics, thresholds, props.latencyBudget);
    addFunctionAlarms(new Construct(this, 'Function'), factory, {
      metrics: this.functionMetrics,
      timeout: props.functionTimeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    }, thresholds, props.latencyBudget);
    addEndpointAlarms(new Construct(this, 'Endpoint'), factory, {
      endpoint: props.endpoint,
      api: this.apiMetrics,
      variantsWithExistingAlarms: new Set(existing.map((alarms) => alarms.variantName)),
    }, thresholds, props.latencyBudget);
    for (const alarms of existing) {
      factory.adopt(this, alarms.errorRate, Severity.CRITICAL, 'Variant5xxRate');
      factory.adopt(this, alarms.modelLatency, Severity.CRITICAL, 'VariantModelLatencyP99');
    }
    this.alarms = factory.alarms;

    this.serviceUnhealthy = factory.createComposite(this, 'ServiceUnhealthy',
      '[critical] The churn prediction service is failing its callers: at least one critical alarm is in ALARM. '
      + `The warning topic and the dashboard's alarm widget name which. ${runbookLink('ServiceUnhealthy')}`);

    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      api: this.apiMetrics,
      function: this.functionMetrics,
      functionTimeout: props.functionTimeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      endpoint: props.endpoint,
      latencyBudget: props.latencyBudget,
      thresholds,
      alarms: [this.serviceUnhealthy, ...factory.alarmsOf(Severity.CRITICAL), ...factory.alarmsOf(Severity.WARNING)],
    }).dashboard;
  }

  /** The alarms of one severity. */
  public alarmsOf(severity: Severity): cloudwatch.IAlarm[] {
    return this.alarms.filter((a) => a.severity === severity).map((a) => a.alarm);
  }
}

/** The problems with the thresholds and the alarm address (empty when valid), each starting with its prop path. */
export function alarmOptionsProblems(options: { readonly thresholds?: AlarmThresholds; readonly alarmEmail?: string }): string[] {
  const problems = alarmThresholdProblems(resolveAlarmThresholds(options.thresholds)).map((problem) => `thresholds.${problem}`);
  if (options.alarmEmail !== undefined && !Token.isUnresolved(options.alarmEmail) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.alarmEmail)) {
    problems.push(`alarmEmail is not an e-mail address: "${options.alarmEmail}"`);
  }
  return problems;
}

function validate(props: ServiceMonitoringProps, thresholds: ReturnType<typeof resolveAlarmThresholds>): void {
  const problems = [
    ...monitoredEndpointProblems(props.endpoint),
    ...existingAlarmProblems(props.endpoint, props.existingEndpointAlarms ?? []),
    ...alarmOptionsProblems(props),
  ];
  const timeout = props.functionTimeout.toMilliseconds();
  const functionBudget = props.latencyBudget.functionBudget.toMilliseconds();
  const nearTimeout = timeout * thresholds.functionDurationTimeoutFraction;
  if (!(functionBudget < nearTimeout)) {
    problems.push(`the function's latency budget (${functionBudget} ms) must be below ${thresholds.functionDurationTimeoutFraction} × its ${timeout} ms timeout (${nearTimeout} ms)`);
  }
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    problems.push(`reservedConcurrentExecutions must be a whole number ≥ 1, got ${reserved}`);
  }
  throwIfProblems('ServiceMonitoring props', problems);
}

/** Existing alarms must name serving variants of the endpoint, each once. */
function existingAlarmProblems(endpoint: MonitoredEndpoint, existing: readonly ExistingVariantAlarms[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { variantName } of existing) {
    const variant = endpoint.variants.find((v) => v.variantName === variantName);
    if (variant === undefined) problems.push(`existingEndpointAlarms: variant "${variantName}" is not a variant of the endpoint`);
    else if (variant.shadow === true) problems.push(`existingEndpointAlarms: variant "${variantName}" is a shadow; its alarms only warn, so none can be adopted as critical`);
    if (seen.has(variantName)) problems.push(`existingEndpointAlarms: variant "${variantName}" is listed twice`);
    seen.add(variantName);
  }
  return problems;
}
