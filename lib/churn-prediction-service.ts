import { Annotations, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PredictFunction, PredictionOptions } from './api/predict-function';
import { PredictionApi, PredictionApiOptions } from './api/prediction-api';
import { ServiceKey } from './encryption/service-key';
import { ChurnModelEndpoint } from './endpoint/churn-model-endpoint';
import { DataQualityMonitor, dataQualityMonitoringAvailable } from './endpoint/data-quality-monitor';
import { DATA_CAPTURE_PREFIX } from './endpoint/endpoint-data-capture';
import { throwIfProblems } from './invalid-props-error';
import { LatencyBudget } from './monitoring/core/latency-budget';
import { ModelQualityMonitoring } from './monitoring/model-quality/model-quality-monitoring';
import { ServiceMonitoring } from './monitoring/service-monitoring';
import { ModelPackage } from './model/model-package';
import { ModelNetwork } from './network/model-network';
import { ServiceNetwork } from './network/service-network';
import { planService, ServicePlan } from './private/service-plan';
import { ServiceEndpointOptions, ServiceMonitoringOptions } from './service-options';

/** The service's props, grouped by part; every group and every prop in it is optional. */
export interface ChurnPredictionServiceProps {
  /**
   * The model package to serve (`ModelPackage.fromDirectory(dir)` or `.fromBucket(...)`). The API's
   * request model, the function's validation and encoding and the OpenAPI document follow its
   * input contract; synth refuses an archive that does not match it.
   * @default - the bundled churn model, `ModelPackage.bundled()`
   */
  readonly model?: ModelPackage;
  /**
   * The SageMaker endpoint: capacity, A/B and shadow variants, data capture, deployments.
   * @default - one variant of 2 × ml.c5.large scaling to 4, no capture, all-at-once deployments with auto rollback
   */
  readonly endpoint?: ServiceEndpointOptions;
  /**
   * Where the model runs: `ServiceNetwork.none()`, `.managedVpc()` or `.existingVpc(vpc)`.
   * @default ServiceNetwork.none()
   */
  readonly network?: ServiceNetwork;
  /**
   * The answers and the function that gives them: batch size, risk bands, actions, reserved concurrency.
   * @default - 100 records per request, bands from 0.3 and 0.7, no reserved concurrency
   */
  readonly predictions?: PredictionOptions;
  /**
   * The REST API: authorization, throttle, web ACL, CORS.
   * @default - IAM (SigV4) callers, 50 requests per second with bursts of 100, no web ACL, no CORS
   */
  readonly api?: PredictionApiOptions;
  /**
   * Alarms: latency budget, the endpoint's error rate, thresholds, e-mail subscription.
   * @default - see ServiceMonitoringOptions
   */
  readonly monitoring?: ServiceMonitoringOptions;
  /**
   * KMS key for logs, the alarm topics, endpoint volumes (instance capacity) and captured data. A
   * key of your own must let CloudWatch Logs and CloudWatch alarms use it (see ServiceKey).
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Retention of the function's, the API's, the endpoint's and the VPC's flow logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Whether to add stack outputs for callers and `npm run verify`: the predictions URL, the API
   * key's id (with API keys) and the endpoint's name.
   * @default false
   */
  readonly outputs?: boolean;
}

/**
 * The whole churn-prediction service: a SageMaker endpoint serving the model (optionally in a VPC),
 * a REST API whose Lambda proxy validates, encodes and scores customer records, and monitoring of
 * every layer (alarms by severity, a composite "service unhealthy" alarm, a dashboard).
 *
 * Every prop of every part is checked before anything is built; one `InvalidPropsError` lists
 * each problem with its prop path (`api.throttle.rateLimit must be > 0, got 0`).
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
    const plan = planService(props);
    throwIfProblems('ChurnPredictionService props', plan.problems);

    this.encryptionKey = props.encryptionKey ?? new ServiceKey(this, 'Key');
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (plan.network !== undefined) {
      this.network = new ModelNetwork(this, 'Network', { ...plan.network, encryptionKey: this.encryptionKey, flowLogRetention: logRetention });
    }
    this.modelEndpoint = new ChurnModelEndpoint(this, 'ModelEndpoint', {
      ...plan.endpoint,
      // Serverless variants have no instance volume to encrypt.
      volumeEncryptionKey: plan.serverless ? undefined : this.encryptionKey,
      network: this.network,
      dataCapture: props.endpoint?.dataCapture === undefined ? undefined : { ...props.endpoint.dataCapture, encryptionKey: this.encryptionKey },
      logEncryptionKey: this.encryptionKey,
      logRetention,
    });
    this.predictFunction = new PredictFunction(this, 'PredictFunction', {
      ...props.predictions,
      endpoint: this.modelEndpoint,
      modelVersion: plan.modelVersion,
      contract: plan.served.contract,
      allowedVariantNames: this.modelEndpoint.targetableVariantNames,
      corsAllowOrigins: props.api?.corsAllowOrigins,
      encryptionKey: this.encryptionKey,
      logRetention,
    });
    this.api = new PredictionApi(this, 'Api', {
      ...props.api,
      handler: this.predictFunction.function,
      encryptionKey: this.encryptionKey,
      logRetention,
      maxRecordsPerRequest: props.predictions?.maxRecordsPerRequest,
      contract: plan.served.contract,
      allowedVariantNames: this.modelEndpoint.targetableVariantNames,
    });
    this.monitoring = this.monitorEverything(props, plan.latencyBudget, plan.maxEndpointErrorRatePercent);
    this.dataQuality = this.monitorDataQuality(plan);
    this.modelQuality = new ModelQualityMonitoring(this, 'ModelQuality', {
      topics: this.monitoring.topics,
      endpointName: this.modelEndpoint.endpointName,
      heldOutScores: plan.monitoredPackage?.monitoring.heldOutScores,
      riskThresholds: plan.riskThresholds,
      dataQuality: this.dataQuality,
      tolerance: props.monitoring?.answerDriftTolerance,
      dashboard: this.monitoring.dashboard,
    });
    if (props.outputs === true) this.addOutputs();
  }

  private monitorEverything(props: ChurnPredictionServiceProps, latencyBudget: LatencyBudget, maxEndpointErrorRatePercent: number): ServiceMonitoring {
    const rollbackAlarms = this.modelEndpoint.rollbackAlarms;
    return new ServiceMonitoring(this, 'Monitoring', {
      endpoint: ServiceMonitoring.endpointOf(this.modelEndpoint),
      existingEndpointAlarms: this.modelEndpoint.variantNames.map((variantName) => ({
        variantName,
        errorRate: rollbackAlarms.errorRateAlarms[variantName],
        modelLatency: rollbackAlarms.latencyAlarms[variantName],
      })),
      predictFunction: this.predictFunction.function,
      // Lambda's own default is 3 s.
      functionTimeout: this.predictFunction.function.timeout ?? Duration.seconds(3),
      reservedConcurrentExecutions: props.predictions?.reservedConcurrentExecutions,
      restApi: this.api.restApi,
      latencyBudget,
      thresholds: { ...props.monitoring?.thresholds, variant5xxRatePercent: { critical: maxEndpointErrorRatePercent } },
      encryptionKey: this.encryptionKey,
      alarmEmail: props.monitoring?.alarmEmail,
    });
  }

  /** Model Monitor's hourly check of the capture against the package's baseline, when both are there. */
  private monitorDataQuality(plan: ServicePlan): DataQualityMonitor | undefined {
    const capture = this.modelEndpoint.dataCapture;
    const baseline = plan.monitoredPackage?.monitoring.baseline;
    if (!plan.dataQualityMonitoring || capture === undefined || baseline === undefined) return undefined;
    if (!dataQualityMonitoringAvailable(this)) {
      Annotations.of(this).addWarningV2('@churn/endpoint:dataQualityUnavailable',
        `SageMaker Model Monitor's data-quality resources are not offered by CloudFormation in ${Stack.of(this).region}: no drift monitoring.`);
      return undefined;
    }
    const monitor = new DataQualityMonitor(this, 'DataQuality', {
      endpointName: this.modelEndpoint.endpointName,
      captureBucket: capture.bucket,
      capturePrefix: DATA_CAPTURE_PREFIX,
      encryptionKey: this.encryptionKey,
      baseline,
      network: this.network,
    });
    // The schedule names the endpoint, which must exist first.
    monitor.schedule.node.addDependency(this.modelEndpoint.cfnEndpoint);
    return monitor;
  }

  private addOutputs(): void {
    new CfnOutput(this, 'PredictionsUrl', {
      description: 'POST {"records": [...]} here (SigV4-signed, service execute-api, unless configured for API keys only)',
      value: this.api.predictionsUrl,
    });
    if (this.api.apiKey !== undefined) {
      new CfnOutput(this, 'ApiKeyId', {
        description: 'Read the key with: aws apigateway get-api-key --include-value --api-key <id>',
        value: this.api.apiKey.keyId,
      });
    }
    new CfnOutput(this, 'EndpointName', {
      description: 'The SageMaker endpoint serving the model',
      value: this.modelEndpoint.endpointName,
    });
  }
}
