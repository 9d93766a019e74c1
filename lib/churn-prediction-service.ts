import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_RISK_THRESHOLDS } from '../contract/prediction-contract';
import { predictFunctionProblems, PredictFunction, RecommendedActions } from './api/predict-function';
import { ApiKeyUsagePlanOptions, predictionApiProblems, PredictionApi } from './api/prediction-api';
import { ServiceKey } from './encryption/service-key';
import { ChurnModelEndpoint } from './endpoint/churn-model-endpoint';
import { DataQualityMonitor, dataQualityMonitoringAvailable } from './endpoint/data-quality-monitor';
import { DATA_CAPTURE_PREFIX } from './endpoint/endpoint-data-capture';
import { DeploymentGuardrailsOptions } from './endpoint/deployment-guardrails';
import { DataCaptureOptions } from './endpoint/endpoint-data-capture';
import { ProductionVariantProps } from './endpoint/production-variant';
import { VariantCapacity } from './endpoint/variant-capacity';
import { AlarmThresholds } from './monitoring/alarm-thresholds';
import { DEFAULT_LATENCY_BUDGET_MILLIS, LatencyBudget, latencyBudgetFromMillis } from './monitoring/latency-budget';
import { monitoredEndpointOf } from './monitoring/monitored-endpoint-of';
import { AnswerDriftTolerance, ModelQualityMonitoring } from './monitoring/model-quality/model-quality-monitoring';
import { ServiceMonitoring } from './monitoring/service-monitoring';
import { ModelPackage } from './model/model-package';
import { servedModels } from './model/served-models';
import { ModelNetwork } from './network/model-network';

export interface ChurnPredictionServiceProps {
  /**
   * The model package to serve (`ModelPackage.fromDirectory(dir)` or `.fromBucket(...)`), for the
   * single default variant. The API's request model, the function's validation and encoding and the
   * OpenAPI document follow its input contract; synth refuses an archive that does not match it.
   * @default - the bundled churn model, `ModelPackage.bundled()`
   */
  readonly model?: ModelPackage;
  /**
   * A bare model archive for the single default variant, assumed to take the bundled churn
   * model's contract (nothing checks it).
   * @default - the bundled churn model
   * @deprecated Use `model`: a ModelPackage carries its input contract and is checked at synth.
   */
  readonly modelData?: sagemaker.ModelData;
  /**
   * The version every answer reports. Required with `modelData`, or with variants serving
   * packages of different versions.
   * @default - the model package's version (for a package directory, `sha256-` and 16 hex digits of its archive's SHA-256)
   */
  readonly modelVersion?: string;
  /**
   * Compute of the single default variant: instances that auto scale, or serverless.
   * @default VariantCapacity.instances(): 2 × ml.c5.large, scaling to 4
   */
  readonly capacity?: VariantCapacity;
  /**
   * Weighted A/B production variants, instead of `model` and `capacity`. Every variant (and the
   * shadow) must serve packages of one input contract.
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
   * Whether the model runs in a VPC: isolated subnets in two Availability Zones, an S3 gateway
   * endpoint, a security group with no ingress. Not for serverless variants.
   * @default - true when `vpc` is given, else false
   */
  readonly runInVpc?: boolean;
  /**
   * A VPC of yours for the model (its subnets must reach S3).
   * @default - a new VPC when `runInVpc` is set
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for the model, in at least two Availability Zones.
   * @default - the VPC's isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Capture of requests and responses (encrypted with the service key), readable only by its `readers`.
   * Not for serverless variants.
   * @default - no capture
   */
  readonly dataCapture?: Omit<DataCaptureOptions, 'encryptionKey'>;
  /**
   * Whether SageMaker Model Monitor checks the captured requests hourly against the model package's
   * baseline (statistics.json, constraints.json), with drift and execution alarms. Needs `dataCapture`
   * and a package directory with a baseline; with `variants`, the first variant's package is the baseline.
   * @default - on when both are there
   */
  readonly dataQualityMonitoring?: boolean;
  /**
   * How far an hour's risk-band shares and mean score may move from the package's held-out answers.
   * @default - see AnswerDriftTolerance
   */
  readonly answerDriftTolerance?: AnswerDriftTolerance;
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
  /**
   * Most customer records in one request, 1 to 1000 (enforced by the API's request model and the function).
   * @default 100
   */
  readonly maxRecordsPerRequest?: number;
  /**
   * Churn probability from which a customer is at medium risk.
   * @default 0.3
   */
  readonly mediumRiskThreshold?: number;
  /**
   * Churn probability from which a customer is at high risk.
   * @default 0.7
   */
  readonly highRiskThreshold?: number;
  /**
   * The action recommended to the caller for each risk band.
   * @default { low: 'none', medium: 'engagement-offer', high: 'retention-offer' }
   */
  readonly recommendedActions?: RecommendedActions;
  /**
   * Concurrent executions reserved for (and capping) the prediction function. An account must keep
   * 10 unreserved, so accounts still at the new-account quota of 10 cannot deploy any reservation.
   * @default - no reservation (deploys in a new account; the stage throttle bounds the request rate)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Whether API callers must sign with SigV4 (IAM). Turning it off requires `apiKeys`.
   * @default true
   */
  readonly apiIamAuthorization?: boolean;
  /**
   * Require API keys under a usage plan (rate, burst, quota).
   * @default - no API keys
   */
  readonly apiKeys?: ApiKeyUsagePlanOptions;
  /**
   * Attach a WAF web ACL limiting each client address to this many requests per 5 minutes, with AWS's
   * IP reputation, known-bad-inputs and core rule groups and a log of blocked requests (see ApiWebAcl).
   * @default - no web ACL
   */
  readonly apiWebAclRequestsPerFiveMinutesPerIp?: number;
  /**
   * Browser origins allowed to call the API.
   * @default - CORS off
   */
  readonly apiCorsAllowOrigins?: readonly string[];
  /**
   * API stage steady-state rate limit, requests per second.
   * @default 50
   */
  readonly apiRateLimit?: number;
  /**
   * API stage burst limit, requests.
   * @default 100
   */
  readonly apiBurstLimit?: number;
  /**
   * p99 latency each layer may spend; its parts are the latency alarms' thresholds. Its `model`
   * part is also each production variant's ModelLatency p99 rollback alarm (critical).
   * @default - DEFAULT_LATENCY_BUDGET_MILLIS: 300 ms end to end, 100 ms of it the model's
   */
  readonly latencyBudget?: LatencyBudget;
  /**
   * Fraction of a production variant's invocations answering 5XX, in (0, 1], that is critical:
   * the variant's rollback alarm, which pages (through the composite) and rolls a deployment back.
   * A shadow variant's 5XX-rate alarm warns at the same rate.
   * @default 0.01
   */
  readonly maxEndpointErrorRate?: number;
  /**
   * Alarm thresholds other than latency and the endpoint's 5XX rate (`maxEndpointErrorRate`).
   * @default - see AlarmThresholds
   */
  readonly alarmThresholds?: Omit<AlarmThresholds, 'variant5xxRatePercent'>;
  /**
   * E-mail address subscribed to both alarm topics (critical and warning).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Retention of the function's and the API's logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key for logs, the alarm topics, endpoint volumes (instance variants) and captured data. A
   * key of your own must let CloudWatch Logs and CloudWatch alarms use it (see ServiceKey).
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Availability Zone names of the VPC created when `runInVpc` is set without a `vpc` (pinned stacks only).
   * @default - the region's first two zones
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Whether the API sets API Gateway's account-level CloudWatch Logs role, which its access logs
   * need; one setting per account and region, kept when the stack is deleted.
   * @default true
   */
  readonly ownsApiGatewayAccountRole?: boolean;
}

/**
 * The whole churn-prediction service: a SageMaker endpoint serving the model (optionally in a VPC),
 * a REST API whose Lambda proxy validates, encodes and scores customer records, and monitoring of
 * every layer (alarms by severity, a composite "service unhealthy" alarm, a dashboard).
 */
export class ChurnPredictionService extends Construct {
  public readonly modelEndpoint: ChurnModelEndpoint;
  public readonly predictFunction: PredictFunction;
  public readonly api: PredictionApi;
  public readonly monitoring: ServiceMonitoring;
  public readonly encryptionKey: kms.IKey;
  /** The model's network, when it runs in a VPC. */
  public readonly network?: ModelNetwork;
  /** Hourly data-quality monitoring of the captured requests, when it is on. */
  public readonly dataQuality?: DataQualityMonitor;
  /** Warnings when the model's inputs or answers move away from its training and held-out data. */
  public readonly modelQuality: ModelQualityMonitoring;

  constructor(scope: Construct, id: string, props: ChurnPredictionServiceProps = {}) {
    super(scope, id);
    const latencyBudget = props.latencyBudget ?? LatencyBudget.of(latencyBudgetFromMillis(DEFAULT_LATENCY_BUDGET_MILLIS));
    const maxEndpointErrorRate = props.maxEndpointErrorRate ?? 0.01;
    const served = servedModels(props);
    const modelVersion = props.modelVersion ?? served.version;
    const apiProps = {
      throttlingRateLimit: props.apiRateLimit,
      throttlingBurstLimit: props.apiBurstLimit,
      maxRecordsPerRequest: props.maxRecordsPerRequest,
      iamAuthorization: props.apiIamAuthorization,
      apiKeys: props.apiKeys,
      webAclRequestsPerFiveMinutesPerIp: props.apiWebAclRequestsPerFiveMinutesPerIp,
      corsAllowOrigins: props.apiCorsAllowOrigins,
    };
    const problems = [
      ...served.problems,
      ...(modelVersion === undefined ? ['modelVersion is required with modelData, or with variants serving packages of different versions'] : []),
      ...(props.runInVpc === false && (props.vpc !== undefined || props.vpcSubnets !== undefined)
        ? ['vpc/vpcSubnets are given but runInVpc is false'] : []),
      ...predictFunctionProblems({ ...props, modelVersion }),
      ...predictionApiProblems(apiProps),
    ];
    if (problems.length > 0) throw new Error(`Invalid ChurnPredictionService props:\n- ${problems.join('\n- ')}`);
    this.encryptionKey = props.encryptionKey ?? new ServiceKey(this, 'Key');
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const serverless = [props.capacity, ...(props.variants ?? []).map((variant) => variant.capacity)]
      .some((capacity) => capacity?.resolve().kind === 'serverless');
    const runInVpc = props.runInVpc ?? props.vpc !== undefined;
    if (runInVpc) {
      this.network = new ModelNetwork(this, 'Network', {
        vpc: props.vpc, vpcSubnets: props.vpcSubnets, availabilityZones: props.availabilityZones, encryptionKey: this.encryptionKey, flowLogRetention: logRetention,
      });
    }
    this.modelEndpoint = new ChurnModelEndpoint(this, 'ModelEndpoint', {
      model: props.model,
      modelData: props.modelData,
      capacity: props.capacity,
      variants: props.variants,
      shadowVariant: props.shadowVariant,
      targetableVariantNames: props.targetableVariantNames,
      // Serverless variants have no instance volume to encrypt.
      volumeEncryptionKey: serverless ? undefined : this.encryptionKey,
      network: this.network,
      dataCapture: props.dataCapture === undefined ? undefined : { ...props.dataCapture, encryptionKey: this.encryptionKey },
      deployment: props.deployment,
      // One alarm per concept: the rollback alarms are also monitoring's critical 5XX-rate and
      // ModelLatency alarms, so the latency one checks the budget's model part.
      rollbackAlarms: { maxErrorRate: maxEndpointErrorRate, modelLatencyP99Threshold: latencyBudget.model },
      requireMultiAz: props.requireMultiAz,
      logEncryptionKey: this.encryptionKey,
      logRetention,
    });
    this.predictFunction = new PredictFunction(this, 'PredictFunction', {
      endpoint: this.modelEndpoint,
      modelVersion: modelVersion as string,
      contract: served.contract,
      maxRecordsPerRequest: props.maxRecordsPerRequest,
      mediumRiskThreshold: props.mediumRiskThreshold,
      highRiskThreshold: props.highRiskThreshold,
      recommendedActions: props.recommendedActions,
      allowedVariantNames: this.modelEndpoint.targetableVariantNames,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      corsAllowOrigins: props.apiCorsAllowOrigins,
      encryptionKey: this.encryptionKey,
      logRetention,
    });
    this.api = new PredictionApi(this, 'Api', {
      handler: this.predictFunction.function,
      encryptionKey: this.encryptionKey,
      logRetention,
      ...apiProps,
      contract: served.contract,
      allowedVariantNames: this.modelEndpoint.targetableVariantNames,
      ownsApiGatewayAccountRole: props.ownsApiGatewayAccountRole,
    });
    const rollbackAlarms = this.modelEndpoint.rollbackAlarms;
    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      endpoint: monitoredEndpointOf(this.modelEndpoint),
      existingEndpointAlarms: this.modelEndpoint.variantNames.map((variantName) => ({
        variantName,
        errorRate: rollbackAlarms.errorRateAlarms[variantName],
        modelLatency: rollbackAlarms.latencyAlarms[variantName],
      })),
      predictFunction: this.predictFunction.function,
      // Lambda's own default is 3 s.
      functionTimeout: this.predictFunction.function.timeout ?? Duration.seconds(3),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      restApi: this.api.restApi,
      latencyBudget,
      // toPrecision: 0.07 × 100 is 7.000000000000001 in floating point.
      thresholds: { ...props.alarmThresholds, variant5xxRatePercent: { critical: Number((maxEndpointErrorRate * 100).toPrecision(12)) } },
      encryptionKey: this.encryptionKey,
      alarmEmail: props.alarmEmail,
    });

    const monitoredPackage = props.model ?? props.variants?.[0]?.model ?? (props.modelData === undefined && props.variants === undefined ? ModelPackage.bundled() : undefined);
    const baseline = monitoredPackage?.monitoring.baseline;
    const capture = this.modelEndpoint.dataCapture;
    if (props.dataQualityMonitoring === true && (capture === undefined || baseline === undefined)) {
      throw new Error('Invalid ChurnPredictionService props:\n- dataQualityMonitoring needs dataCapture and a model package with a Model Monitor baseline');
    }
    const available = dataQualityMonitoringAvailable(this);
    if (!available && capture !== undefined && baseline !== undefined && props.dataQualityMonitoring !== false) {
      Annotations.of(this).addWarningV2('@churn/endpoint:dataQualityUnavailable',
        `SageMaker Model Monitor's data-quality resources are not offered by CloudFormation in ${Stack.of(this).region}: no drift monitoring.`);
    }
    if (props.dataQualityMonitoring !== false && available && capture !== undefined && baseline !== undefined) {
      this.dataQuality = new DataQualityMonitor(this, 'DataQuality', {
        endpointName: this.modelEndpoint.endpointName,
        captureBucket: capture.bucket,
        capturePrefix: DATA_CAPTURE_PREFIX,
        encryptionKey: this.encryptionKey,
        baseline,
        network: this.network,
      });
      // The schedule names the endpoint, which must exist first.
      this.dataQuality.schedule.node.addDependency(this.modelEndpoint.cfnEndpoint);
    }
    this.modelQuality = new ModelQualityMonitoring(this, 'ModelQuality', {
      topics: this.monitoring.topics,
      endpointName: this.modelEndpoint.endpointName,
      heldOutScores: monitoredPackage?.monitoring.heldOutScores,
      riskThresholds: { medium: props.mediumRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.medium, high: props.highRiskThreshold ?? DEFAULT_RISK_THRESHOLDS.high },
      dataQuality: this.dataQuality,
      tolerance: props.answerDriftTolerance,
    });
  }
}
