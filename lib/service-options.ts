import { DeploymentGuardrailsOptions } from './endpoint/deployment-guardrails';
import { DataCaptureOptions } from './endpoint/endpoint-data-capture';
import { ProductionVariantProps } from './endpoint/production-variant';
import { VariantCapacity } from './endpoint/variant-capacity';
import { AlarmThresholds } from './monitoring/core/alarm-thresholds';
import { LatencyBudget } from './monitoring/core/latency-budget';
import { AnswerDriftTolerance } from './monitoring/model-quality/model-quality-monitoring';

/** Data capture as the service configures it: encrypted with the service's key. */
export type ServiceDataCaptureOptions = Omit<DataCaptureOptions, 'encryptionKey'>;

/** The `endpoint` group of the service's props: the SageMaker endpoint's variants and how they roll out. */
export interface ServiceEndpointOptions {
  /**
   * Compute of the single default variant, and of each entry of `variants` that sets none.
   * @default VariantCapacity.instances(): 2 × ml.c5.large, scaling to 4
   */
  readonly capacity?: VariantCapacity;
  /**
   * Weighted A/B production variants. An entry without `model` serves the service's `model`; one
   * without `capacity` runs on `endpoint.capacity`. Every variant (and the shadow) must serve
   * packages of one input contract.
   * @default - one variant, `AllTraffic`
   */
  readonly variants?: ProductionVariantProps[];
  /**
   * A shadow variant that receives a copy of the traffic; its answers are never returned.
   * @default - none
   */
  readonly shadowVariant?: ProductionVariantProps;
  /**
   * Production variants a request may ask for by name (the request's `targetVariant`); pass `[]`
   * to turn variant targeting off.
   * @default - every production variant
   */
  readonly targetableVariantNames?: string[];
  /**
   * Capture of requests and responses (encrypted with the service key), readable only by its `readers`.
   * Not for serverless capacity.
   * @default - no capture
   */
  readonly dataCapture?: ServiceDataCaptureOptions;
  /**
   * How endpoint updates roll out (blue/green traffic shifting, bake time, auto rollback).
   * @default - all at once, 5-minute bake, auto rollback
   */
  readonly deployment?: DeploymentGuardrailsOptions;
  /**
   * Whether instance variants must keep two or more instances (multi-AZ) at all times.
   * @default false
   */
  readonly requireMultiAz?: boolean;
}

/** The `monitoring` group of the service's props: what the alarms watch for and whom they tell. */
export interface ServiceMonitoringOptions {
  /**
   * p99 latency each layer may spend; its parts are the latency alarms' thresholds. Its `model`
   * part is also each production variant's ModelLatency p99 rollback alarm (critical).
   * @default - DEFAULT_LATENCY_BUDGET_MILLIS: 300 ms end to end, 100 ms of it the model's
   */
  readonly latencyBudget?: LatencyBudget;
  /**
   * Percent of a production variant's invocations answering 5XX, in (0, 100], that is critical:
   * the variant's rollback alarm, which pages (through the composite) and rolls a deployment back.
   * A shadow variant's 5XX-rate alarm warns at the same rate.
   * @default 1
   */
  readonly maxEndpointErrorRatePercent?: number;
  /**
   * Alarm thresholds other than latency and the endpoint's 5XX rate (`maxEndpointErrorRatePercent`).
   * @default - see AlarmThresholds
   */
  readonly thresholds?: Omit<AlarmThresholds, 'variant5xxRatePercent'>;
  /**
   * E-mail address subscribed to both alarm topics (critical and warning).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Whether SageMaker Model Monitor checks the captured requests hourly against the model package's
   * baseline (statistics.json, constraints.json), with drift and execution alarms. Needs
   * `endpoint.dataCapture` and a package directory with a baseline; with `endpoint.variants`, the
   * first variant's package is the baseline.
   * @default - on when both are there
   */
  readonly dataQuality?: boolean;
  /**
   * How far an hour's risk-band shares and mean score may move from the package's held-out answers.
   * @default - see AnswerDriftTolerance
   */
  readonly answerDriftTolerance?: AnswerDriftTolerance;
}
