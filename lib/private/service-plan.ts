import { DEFAULT_RISK_THRESHOLDS, RiskThresholds } from '../../contract/prediction-contract';
import { predictionOptionsProblems } from '../api/predict-function';
import { predictionApiProblems } from '../api/prediction-api';
import type { ChurnPredictionServiceProps } from '../churn-prediction-service';
import { ChurnModelEndpointProps, checkedEndpointProps } from '../endpoint/churn-model-endpoint';
import { ModelPackage } from '../model/model-package';
import { ServedModels } from '../model/served-models';
import { DEFAULT_LATENCY_BUDGET_MILLIS, LatencyBudget, latencyBudgetFromMillis } from '../monitoring/core/latency-budget';
import { alarmOptionsProblems } from '../monitoring/service-monitoring';
import { modelNetworkProblems, ModelNetworkProps } from '../network/model-network';
import { ServiceNetwork } from '../network/service-network';
import { under } from './prop-paths';

/** Where the endpoint's props sit in the service's groups, for problems worded as the user wrote them. */
const ENDPOINT_PROP_PATHS: Record<string, string> = {
  network: 'network',
  volumeEncryptionKey: 'encryptionKey',
  'rollbackAlarms.maxErrorRatePercent': 'monitoring.maxEndpointErrorRatePercent',
  'rollbackAlarms.modelLatencyP99Threshold': 'monitoring.latencyBudget.model',
};
const endpointPropPath = (prop: string) => ENDPOINT_PROP_PATHS[prop] ?? `endpoint.${prop}`;

/** The service's props with defaults applied and mapped onto its parts, and every problem with them. */
export interface ServicePlan {
  /** The endpoint's props, without what is built first (network, key, log settings). */
  readonly endpoint: ChurnModelEndpointProps;
  /** The model network's props (no key, no retention), when the model runs in a VPC. */
  readonly network?: ModelNetworkProps;
  readonly served: ServedModels;
  readonly modelVersion: string;
  readonly latencyBudget: LatencyBudget;
  readonly maxEndpointErrorRatePercent: number;
  readonly serverless: boolean;
  /** The function's risk thresholds, defaults applied. */
  readonly riskThresholds: RiskThresholds;
  /**
   * The package whose baseline and held-out answers the model-quality monitoring compares with:
   * the first production variant's.
   * @default - none: that variant serves bare model data
   */
  readonly monitoredPackage?: ModelPackage;
  /** Whether to schedule data-quality monitoring when the capture and a baseline are there. */
  readonly dataQualityMonitoring: boolean;
  /** Every problem of every part, each starting with its prop path. */
  readonly problems: readonly string[];
}

/**
 * The one validation pass of the service, before anything is built: each part's own rules (each
 * in its part's file), run over the group the user wrote and prefixed with its path.
 */
export function planService(props: ChurnPredictionServiceProps): ServicePlan {
  const endpointOptions = props.endpoint ?? {};
  const monitoring = props.monitoring ?? {};
  const latencyBudget = monitoring.latencyBudget ?? LatencyBudget.of(latencyBudgetFromMillis(DEFAULT_LATENCY_BUDGET_MILLIS));
  const maxEndpointErrorRatePercent = monitoring.maxEndpointErrorRatePercent ?? 1;
  const network = (props.network ?? ServiceNetwork.none()).modelNetworkProps();

  // A variant that names no model or capacity takes the service's.
  const variants = endpointOptions.variants?.map((variant) => ({
    ...variant,
    model: variant.model ?? (variant.modelData === undefined ? props.model : undefined),
    capacity: variant.capacity ?? endpointOptions.capacity,
  }));
  const endpoint: ChurnModelEndpointProps = {
    ...(variants === undefined ? { model: props.model, capacity: endpointOptions.capacity } : { variants }),
    shadowVariant: endpointOptions.shadowVariant,
    targetableVariantNames: endpointOptions.targetableVariantNames,
    deployment: endpointOptions.deployment,
    // One alarm per concept: the rollback alarms are also monitoring's critical 5XX-rate and
    // ModelLatency alarms, so the latency one checks the budget's model part.
    rollbackAlarms: { maxErrorRatePercent: maxEndpointErrorRatePercent, modelLatencyP99Threshold: latencyBudget.model },
    requireMultiAz: endpointOptions.requireMultiAz,
  };
  const checked = checkedEndpointProps(
    { ...endpoint, dataCapture: endpointOptions.dataCapture },
    endpointPropPath,
    network !== undefined,
  );
  const serverless = checked.variants.some((variant) => variant.capacity.kind === 'serverless');
  const modelVersion = props.predictions?.modelVersion ?? checked.served.version;
  const firstVariant = variants?.[0] ?? endpoint;
  const monitoredPackage = firstVariant.model ?? (firstVariant.modelData === undefined ? ModelPackage.bundled() : undefined);
  const predictions = props.predictions ?? {};
  const riskThresholds = {
    medium: predictions.mediumRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.medium,
    high: predictions.highRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.high,
  };

  const problems = [
    ...checked.problems,
    ...(network === undefined ? [] : modelNetworkProblems(network, {
      vpcSubnets: 'network.subnets', availabilityZones: 'network.availabilityZones',
    })),
    ...under('predictions', predictionOptionsProblems(props.predictions ?? {})),
    ...(modelVersion === undefined ? ['predictions.modelVersion is required when the production variants serve packages of different versions'] : []),
    ...under('api', predictionApiProblems(props.api ?? {})),
    ...under('monitoring', alarmOptionsProblems(monitoring)),
    ...(monitoring.dataQuality === true && (endpointOptions.dataCapture === undefined || monitoredPackage?.monitoring.baseline === undefined)
      ? ['monitoring.dataQuality needs endpoint.dataCapture and a model package with a Model Monitor baseline (statistics.json, constraints.json)']
      : []),
  ];
  return {
    endpoint,
    network,
    served: checked.served,
    modelVersion: modelVersion ?? '',
    latencyBudget,
    maxEndpointErrorRatePercent,
    serverless,
    riskThresholds,
    monitoredPackage,
    dataQualityMonitoring: monitoring.dataQuality !== false,
    problems,
  };
}
