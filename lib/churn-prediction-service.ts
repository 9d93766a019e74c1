import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { modelVersionOfArchive } from './api/model-version';
import { predictFunctionProblems, PredictFunction, RecommendedActions } from './api/predict-function';
import { ApiKeyUsagePlanOptions, predictionApiProblems, PredictionApi } from './api/prediction-api';
import { ServiceKey } from './encryption/service-key';
import { BUNDLED_MODEL_ARCHIVE, ChurnModelEndpoint } from './endpoint/churn-model-endpoint';
import { ServiceAlarms } from './monitoring/service-alarms';

export interface ChurnPredictionServiceProps {
  /**
   * The model archive to serve (`model.tar.gz` with one XGBoost model file whose features match
   * model/feature-schema.json).
   * @default - the bundled churn model
   */
  readonly modelData?: sagemaker.ModelData;
  /**
   * The version every answer reports. Required with `modelData` of your own (e.g. its S3 key's
   * release name, or a digest of the archive).
   * @default - for the bundled model, `sha256-` and 16 hex digits of its archive's SHA-256
   */
  readonly modelVersion?: string;
  /**
   * Endpoint instance type (not burstable).
   * @default ml.c5.large
   */
  readonly instanceType?: sagemaker.InstanceType;
  /**
   * Endpoint instances at creation; two or more span Availability Zones.
   * @default 2
   */
  readonly initialInstanceCount?: number;
  /**
   * Fewest endpoint instances auto scaling keeps.
   * @default - initialInstanceCount
   */
  readonly minInstanceCount?: number;
  /**
   * Most endpoint instances auto scaling adds.
   * @default - twice minInstanceCount
   */
  readonly maxInstanceCount?: number;
  /**
   * Requests per second one endpoint instance sustains; the scaling target derives from it.
   * @default 100
   */
  readonly maxRequestsPerSecondPerInstance?: number;
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
   * Production variants of the endpoint a caller may target with `targetVariant`.
   * @default - no variant targeting: a request naming one is refused with 400
   */
  readonly allowedVariantNames?: readonly string[];
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
   * Attach a WAF web ACL limiting each client address to this many requests per 5 minutes.
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
   * p99 model latency that raises an alarm.
   * @default Duration.millis(100)
   */
  readonly modelLatencyP99Threshold?: Duration;
  /**
   * API 5XX answers per five minutes that raise an alarm.
   * @default 5
   */
  readonly api5xxErrorsThreshold?: number;
  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Retention of the function's and the API's logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key for logs, the alarm topic and endpoint volumes. A key of your own must let CloudWatch
   * Logs and CloudWatch alarms use it (see ServiceKey).
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The whole churn-prediction service: a SageMaker endpoint serving the model, a REST API whose
 * Lambda proxy validates, encodes and scores customer records, and alarms on every layer.
 */
export class ChurnPredictionService extends Construct {
  public readonly modelEndpoint: ChurnModelEndpoint;
  public readonly predictFunction: PredictFunction;
  public readonly api: PredictionApi;
  public readonly alarms: ServiceAlarms;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: ChurnPredictionServiceProps = {}) {
    super(scope, id);
    const modelVersion = props.modelVersion ?? (props.modelData === undefined ? modelVersionOfArchive(BUNDLED_MODEL_ARCHIVE) : undefined);
    const apiProps = {
      throttlingRateLimit: props.apiRateLimit,
      throttlingBurstLimit: props.apiBurstLimit,
      maxRecordsPerRequest: props.maxRecordsPerRequest,
      allowedVariantNames: props.allowedVariantNames,
      iamAuthorization: props.apiIamAuthorization,
      apiKeys: props.apiKeys,
      webAclRequestsPerFiveMinutesPerIp: props.apiWebAclRequestsPerFiveMinutesPerIp,
      corsAllowOrigins: props.apiCorsAllowOrigins,
    };
    const problems = [
      ...(modelVersion === undefined ? ['modelVersion is required with modelData of your own'] : []),
      ...predictFunctionProblems({ ...props, modelVersion }),
      ...predictionApiProblems(apiProps),
    ];
    if (problems.length > 0) throw new Error(`Invalid ChurnPredictionService props:\n- ${problems.join('\n- ')}`);
    this.encryptionKey = props.encryptionKey ?? new ServiceKey(this, 'Key');
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.modelEndpoint = new ChurnModelEndpoint(this, 'ModelEndpoint', {
      modelData: props.modelData,
      instanceType: props.instanceType,
      initialInstanceCount: props.initialInstanceCount,
      minInstanceCount: props.minInstanceCount,
      maxInstanceCount: props.maxInstanceCount,
      maxRequestsPerSecondPerInstance: props.maxRequestsPerSecondPerInstance,
      volumeEncryptionKey: this.encryptionKey,
    });
    this.predictFunction = new PredictFunction(this, 'PredictFunction', {
      endpoint: this.modelEndpoint.endpoint,
      modelVersion: modelVersion as string,
      maxRecordsPerRequest: props.maxRecordsPerRequest,
      mediumRiskThreshold: props.mediumRiskThreshold,
      highRiskThreshold: props.highRiskThreshold,
      recommendedActions: props.recommendedActions,
      allowedVariantNames: props.allowedVariantNames,
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
    });
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      endpointVariant: this.modelEndpoint.variant,
      predictFunction: this.predictFunction.function,
      restApi: this.api.restApi,
      encryptionKey: this.encryptionKey,
      modelLatencyP99Threshold: props.modelLatencyP99Threshold,
      api5xxErrorsThreshold: props.api5xxErrorsThreshold,
      alarmEmail: props.alarmEmail,
    });
  }
}
